"""Denial cues and their structure: who denies, with which words, and which stretch is denied.

Five shapes are recognised:
- a denying verb with its subject as denier: "the ministry denied reports that ...", "X rejected
  the figure" (reject/dismiss/dispute/question/... only count with a claim noun as object);
- the passive: "a claim that was disputed by X", "has been called 'rubbish' by X";
- a falsity predicate in reported speech or quotes: "X said the report was false", "'It is a
  lie,' X told ...", "no evidence", "not reliable";
- a denial noun with its party: "a flat denial from X", "X's denial", "X issued a denial of ...";
- a negated figure in reported speech: "X says he did not make $5 million" (kept only when
  someone else claims that figure; the dispute step checks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.detect import lexicon as lx
from bot.detect.claimants import Cue
from bot.detect.entities import Entities
from bot.detect.model import Figure, Span
from bot.detect.speakers import main_subject, np_after, subject_before
from bot.detect.text import Token, is_quote, tokenize

_DENY_NOT_OBJECTS = {
    "entry",
    "access",
    "bail",
    "permission",
    "request",
    "requests",
    "visa",
    "visas",
    "service",
    "treatment",
    "admission",
    "parole",
    "benefits",
    "rights",
    "him",
    "her",
    "them",
    "me",
    "us",
}
_PASSIVE_AUX = {"was", "were", "been", "is", "are", "be", "being"}
_LIE_BEFORE = {
    "a",
    "is",
    "are",
    "was",
    "were",
    "’s",
    "'s",
    "all",
    "of",
    "total",
    "outright",
    "big",
    "those",
    "these",
    "and",
    "blatant",
    "complete",
    "pure",
}
_PHRASES = re.compile("|".join(re.escape(p) for p in lx.DENIAL_PHRASES), re.I)
_NO_EXIST = re.compile(
    r"\bthere\s+(?:is|are|was|were|have\s+been|has\s+been|had\s+been)\s+no\s+"
    r"(?!(?:evidence|proof|truth|basis|credible|indication|sign|confirmation|way|need|reason|doubt|such)\b)",
    re.I,
)
_NEVER_SAID = re.compile(
    r"\b(?:no\s+one|nobody|neither|no(?=\s+[a-z]))\b[^.;:]{0,60}?\b(?:said|says|claimed|announced|"
    r"confirmed|predicted|stated|made|issued|published)\s+(?P<cue>(?:any\s+)?such\s+(?:an?\s+)?"
    # "has made such a pronouncement": any word for a statement, not just "thing"
    r"(?:thing|claim|statement|pronouncement|announcement|prediction|forecast|warning)s?)\b",
    re.I,
)
_MADE_UP = re.compile(
    r"\b(?:is|was|were|are|been|be|’s|'s)\s+(?:\w+ly\s+|all\s+|just\s+|simply\s+)?"
    r"(?P<cue>made[\s-]up|invented|fabricated|concocted)\b(?!\s+(?:of|by|from|for|to|with)\b)",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r"(?:,\s*but\b|;|\bbut\s+(?:the|it|this|that|these)\b|\balthough\b|\bwhile\b)", re.I
)
_HEDGE = re.compile(r"\b(?:may|might|could|would)\s+(?:well\s+)?(?:be|have\s+been)\s+(?:\w+\s+)?$", re.I)
_EPISTEMIC = frozenset(
    {
        "confirm",
        "confirmed",
        "verify",
        "verified",
        "know",
        "known",
        "comment",
        "say",
        "said",
        "disclose",
        "disclosed",
        "reveal",
        "revealed",
        "release",
        "released",
        "identify",
        "identified",
        "specify",
        "specified",
        "expect",
        "plan",
        "rule",
        "immediately",
        "publicly",
        "yet",
        "independently",
        "clear",
    }
)
_IT_IS = re.compile(r"\b(?:it|that)(?:’s|'s| is| was| would be| seems)\s+(?:\w+\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class DenialHit:
    cue: str
    start: int  # document offset of the cue
    kind: str  # "verb" | "passive" | "predicate" | "negation" | "noun"
    denier: str
    region: tuple[int, int]  # document offsets of the denied stretch
    sentence: Span
    figure: Figure | None = None  # the negated figure for kind "negation"

    @property
    def target_text(self) -> str:
        lo, hi = self.region
        s = self.sentence
        return s.text[max(0, lo - s.start) : max(0, hi - s.start)]


def _by_agent(toks: list[Token], i: int, sentence: Span, entities: Entities) -> str:
    for k in range(i + 1, min(len(toks), i + 12)):
        if toks[k].low == "by":
            if k + 1 < len(toks) and toks[k + 1].low.endswith("ing") and not toks[k + 1].is_cap:
                return ""  # "debunked by checking its source": the means, not who debunks
            name = np_after(toks, k, sentence.text, sentence.start)
            return (entities.resolve(name, toks[k].start) or "") if name else ""
        if toks[k].text in (".", ";"):
            break
    return ""


def _drop_claim_np(raw: str) -> str:
    """ "an accusation the commission" -> "the commission" (the claim noun heads a relative clause)."""
    words = raw.split()
    for k, w in enumerate(words[:3]):
        if w.lower() in lx.CLAIM_NOUNS and k + 1 < len(words):
            return " ".join(words[k + 1 :])
    return raw


def _counter_start(toks: list[Token], i: int, default: int) -> int:
    """Where the denied object ends: at the denier's own statement ("..., saying only two were
    lost") or at a time clause ("debunked the story after it was shared 79,000 times")."""
    for k in range(i + 1, len(toks) - 1):
        if toks[k].text == "," and toks[k + 1].low in _COUNTER_VERBS:
            return toks[k].start
        if toks[k].low in _SUBORDINATORS and k > i + 2:
            return toks[k].start
    return default


_SUBORDINATORS = frozenset(
    {"after", "before", "when", "while", "because", "since", "although", "as", "until"}
)


_COUNTER_VERBS = frozenset({"saying", "adding", "insisting", "arguing", "noting", "stating", "explaining"})


def _participle_of_clause(toks: list[Token], i: int, loose: bool = False) -> bool:
    """ "..., denying that" or "a statement to X denying": the participle belongs to the subject.

    With ``loose``, any participle after a lower-case noun counts ("issued a release calling")."""
    if i == 0 or toks[i - 1].low in lx.AUX_VERBS:
        return False
    if toks[i - 1].text == "," or (loose and not toks[i - 1].is_cap):
        return True
    for k in range(i - 1, max(-1, i - 11), -1):
        if toks[k].low in ("to", "for", "with", "at", "in"):
            return True
        if not (toks[k].is_cap or toks[k].low in ("the", "a", "an", "and", "both")):
            return False
    return False


def _is_passive(toks: list[Token], i: int) -> bool:
    if toks[i].low.endswith("ing"):
        return False  # "is pushing back": progressive, not passive
    k = i - 1
    while k >= 0 and toks[k].low in lx.TIME_WORDS - lx.AUX_VERBS:
        k -= 1
    return k >= 0 and toks[k].low in _PASSIVE_AUX


def _has_claim_object(toks: list[Token], i: int) -> bool:
    window = toks[i + 1 : i + 9]
    for k, tok in enumerate(window):
        low = tok.low.removesuffix("’s").removesuffix("'s")
        if low in lx.CLAIM_NOUNS and not (
            k + 1 < len(window) and window[k + 1].low == "of" and low == "number"
        ):
            return True
        nxt = window[k + 1].low if k + 1 < len(window) else ""
        if low == "that" and nxt in lx.CLAIM_NOUNS:
            continue  # "dispute that number": a determiner, not a clause
        if tok.text in (".", ";", ",") or low in ("that", "which", "who"):
            return False
    return False


# "An article saying NASA confirmed X is fake": NASA is inside what the article says, the
# predicate's subject is the article, so NASA is no denier
_CONTENT_OF_CLAIM = re.compile(
    r"\b(?:articles?|reports?|stor(?:y|ies)|claims?|posts?|rumou?rs?|pieces?)\s+"
    r"(?:saying|claiming|suggesting|alleging|stating)\b[^,;]*$",
    re.I,
)


def _speaker(pos: int, cues: list[Cue], quote_speaker: str | None, sentence: Span) -> str:
    # a cue before the predicate governs it only within the same clause ("X claimed A, but A
    # turned out to be wrong" has no speaker for "wrong")
    before = [
        c
        for c in cues
        if c.start < pos
        and c.speaker
        and not c.source
        and not c.modifier
        and not _CLAUSE_BREAK.search(sentence.text[c.start - sentence.start : pos - sentence.start])
        and not _CONTENT_OF_CLAIM.search(sentence.text[: c.start - sentence.start])
    ]
    # a cue past a colon governs what the colon opens, not what came before it
    after = [
        c
        for c in cues
        if c.start > pos
        and c.speaker
        and not c.source
        and ":" not in sentence.text[pos - sentence.start : c.start - sentence.start]
    ]
    if after and (after[0].trailing or not before):
        return after[0].speaker
    if before:
        return before[-1].speaker
    return quote_speaker or ""


def find_denials(
    sentence: Span,
    figures: list[Figure],
    cues: list[Cue],
    entities: Entities,
    quote_speaker: str | None,
) -> list[DenialHit]:
    toks = tokenize(sentence.text, sentence.start)
    text, base = sentence.text, sentence.start
    hits: list[DenialHit] = []
    s0, s1 = sentence.start, sentence.end
    used: set[int] = set()
    question = text.rstrip(" \"”’'").endswith("?")
    for i, tok in enumerate(toks):
        low = tok.low
        particle = i + 1 < len(toks) and (
            (low == "shot" and toks[i + 1].low == "down")
            or (
                low in ("push", "pushes", "pushed", "pushing", "hit", "hits", "hitting")
                and toks[i + 1].low == "back"
            )
        )
        if low in lx.OBJECT_DENY_VERBS or particle:
            if any(t.low in lx.NEGATIONS or t.low.endswith(("n't", "n’t")) for t in toks[max(0, i - 3) : i]):
                continue  # "has not denied", "never disputed": the opposite of a denial
            if _is_passive(toks, i):
                agent = _by_agent(toks, i, sentence, entities)
                if agent:
                    hits.append(DenialHit(low, tok.start, "passive", agent, (s0, tok.start), sentence))
                continue
            nxt_low = toks[i + 1].low if i + 1 < len(toks) else ""
            if low in lx.DENY_VERBS:
                if nxt_low in _DENY_NOT_OBJECTS:
                    continue
            elif not _has_claim_object(toks, i + (1 if particle else 0)):
                as_false = [t.low for t in toks[i + 1 : i + 4]]
                if not (as_false[:1] == ["as"] and any(w in lx.FALSE_WORDS for w in as_false)):
                    continue
                raw = _drop_claim_np(subject_before(toks, i, text, base))
                denier = (entities.resolve(raw, tok.start) or "") if raw else ""
                if denier:  # "an accusation the commission dismissed as baseless": what precedes
                    hits.append(DenialHit(low, tok.start, "verb", denier, (s0, tok.start), sentence))
                    used.update(range(i, min(len(toks), i + 5)))
                continue
            raw = subject_before(toks, i, text, base)
            if low.endswith("ing") and _participle_of_clause(toks, i, loose=True):
                raw = main_subject(toks, text, base)  # "created an entry debunking the story"
            if raw.lower().split()[:1] in (["i"], ["we"], ["me"], ["my"], ["our"]):
                raw = _speaker(tok.start, cues, quote_speaker, sentence)  # "'We reject ...,' said X"
            if not raw and i > 0 and toks[i - 1].text == ",":
                raw = main_subject(toks, text, base)
            denier = (entities.resolve(raw, tok.start) or "") if raw else ""
            if denier:
                end = _counter_start(toks, i, s1)
                hits.append(DenialHit(low, tok.start, "verb", denier, (tok.end, end), sentence))
                used.update(range(i, min(len(toks), i + 12)))
        elif low in lx.DENIAL_NOUNS:
            hit = _noun_denial(toks, i, sentence, entities)
            if hit is not None:
                hits.append(hit)
                used.update(range(i, min(len(toks), i + 8)))
        elif low in lx.CALL_VERBS:
            window = toks[i + 1 : i + 9]
            word = next((t for t in window if t.low in lx.FALSE_WORDS or t.low in lx.CALL_ONLY_WORDS), None)
            if word is None:
                continue
            used.update(range(i, min(len(toks), i + 10)))
            if _is_passive(toks, i):
                agent = _by_agent(toks, i, sentence, entities)
                if agent:
                    hits.append(DenialHit(word.low, word.start, "passive", agent, (s0, tok.start), sentence))
                continue
            raw = subject_before(toks, i, text, base)
            if low.endswith("ing") and _participle_of_clause(toks, i, loose=True):
                raw = main_subject(toks, text, base)
            relative = _drop_claim_np(raw)
            region = (s0, tok.start) if relative != raw else (tok.end, s1)  # "a figure the X called false"
            denier = (entities.resolve(relative, tok.start) or "") if relative else ""
            if denier:
                hits.append(DenialHit(word.low, word.start, "verb", denier, region, sentence))
    for i, tok in enumerate(toks):
        if i in used or tok.low not in lx.FALSE_WORDS:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        prev = toks[i - 1] if i > 0 else None
        predicative = prev is not None and (
            prev.low in lx.COPULAS or prev.low.endswith(("’s", "'s", "ly")) or is_quote(prev.text)
        )
        if (
            nxt is not None
            and nxt.text[:1].isalpha()
            and nxt.low not in lx.FUNCTION_WORDS
            and (nxt.low in lx.FALSE_CLAIM_NOUNS or not predicative)
            and not tok.low.endswith("ing")
        ):
            continue  # attributive: "false alarms", "the fake story" (the writer's word, no party's)
        if question or _HEDGE.search(text[: tok.start - base]):
            continue  # "could it be false?", "it may be a hoax": not a denial
        if (
            tok.low in ("lie", "lies")
            and not (i > 0 and toks[i - 1].low in _LIE_BEFORE)
            and not (nxt is None or not nxt.text[:1].isalnum())
        ):
            continue  # "the answer lies in ..."
        hits.append(_predicate(tok.low, tok.start, tok.end, sentence, cues, quote_speaker))
    for m in _PHRASES.finditer(text.replace("’", "'")):
        pos = base + m.start()
        if any(t.start == pos and k in used for k, t in enumerate(toks)):
            continue
        phrase = m.group().lower()
        if phrase in ("shot down",) or question:
            continue
        hits.append(_predicate(phrase, pos, base + m.end(), sentence, cues, quote_speaker))
    for m in _MADE_UP.finditer(text):
        # "the story was made up", "it is all made-up" ("made up of" describes parts instead)
        pos = base + m.start("cue")
        if re.search(r"\bminds?\s*$", text[max(0, m.start() - 12) : m.start()], re.I):
            continue  # "his mind is made up": a decision, not a denial
        if not question and not any(t.start == pos and k in used for k, t in enumerate(toks)):
            hits.append(_predicate("made up", pos, base + m.end(), sentence, cues, quote_speaker))
    for m in _NO_EXIST.finditer(text):
        # "there were no cases of the virus": denies that the counted thing exists at all
        rest = text[m.end() :]
        stop = re.search(r"[,;.]|\s[-–—]\s", rest)
        pos = base + m.start()
        region = (pos, base + m.end() + (stop.start() if stop else len(rest)))
        if not question:
            hits.append(
                DenialHit(
                    "there were no",
                    pos,
                    "predicate",
                    _speaker(pos, cues, quote_speaker, sentence),
                    region,
                    sentence,
                )
            )
    for m in _NEVER_SAID.finditer(text.replace("’", "'")):
        # "Neither NASA nor any agency has said such a thing": what is reported was never stated
        # by those it is pinned on (a speaker's "I never said such a thing" is about himself)
        pos, lo = base + m.start("cue"), base + m.start()
        # not the silent parties' own "has said"
        outside = [c for c in cues if not lo <= c.start < pos and not (c.speaker and c.speaker in m.group())]
        if not question:
            speaker = _speaker(pos, outside, quote_speaker, sentence)
            hits.append(DenialHit("such a thing", pos, "predicate", speaker, (lo, base + m.end()), sentence))
    for fig in figures if not question else []:
        hit = _negated(fig, toks, sentence, cues, quote_speaker)
        if hit is not None:
            hits.append(hit)
    return [h for h in hits if h.denier]


_POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she"}


def _noun_denial(toks: list[Token], i: int, sentence: Span, entities: Entities) -> DenialHit | None:
    """ "a flat denial from X", "denials by X", "X's denial", "its denial", "X issued a denial".

    The denier must be named by one of these shapes; otherwise ("Holocaust denial", "in
    denial") the noun names no party and nothing is reported."""
    text, base = sentence.text, sentence.start
    before = toks[max(0, i - 5) : i]
    if any(t.low in lx.NEGATIONS or t.low.endswith(("n't", "n’t")) or t.low == "without" for t in before):
        return None  # "no denial", "did not issue a denial"
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if (i > 0 and toks[i - 1].low == "in") or (
        nxt == "of" and i + 2 < len(toks) and toks[i + 2].low in _DENY_NOT_OBJECTS | {"service", "bail"}
    ):
        return None  # "in denial", "denial of entry": not about a claim
    raw = ""
    for k in range(i + 1, min(len(toks), i + 6)):  # "a denial from the ministry"
        if toks[k].low in ("from", "by"):
            raw = np_after(toks, k, text, base)
            n = len(raw.split())
            if raw.lower().split()[:1] in (["all"], ["both"], ["every"], ["many"], ["several"]) and (
                k + n + 1 < len(toks) and toks[k + n + 1].text in ("—", "–", ":", "(")
            ):
                raw = np_after(toks, k + n + 1, text, base)  # "denials from all sides — the army, ..."
            break
        if toks[k].text in (",", ";", ".") or toks[k].low in ("that", "of"):
            break
    k = i - 1
    while not raw and k >= max(0, i - 3):  # "the ministry's flat denial", "its denial"
        tok = toks[k]
        if tok.low in _POSSESSIVE_PRONOUNS:
            raw = _POSSESSIVE_PRONOUNS[tok.low]
        elif tok.low.endswith(("’s", "'s")):
            raw = subject_before(toks, k + 1, text, base)
        elif tok.low in lx.ISSUE_VERBS:
            raw = subject_before(toks, k, text, base)  # "the agency issued a firm denial"
            if tok.low.endswith("ing") and _participle_of_clause(toks, k):
                raw = main_subject(toks, text, base)
        elif tok.is_cap or tok.low in lx.FUNCTION_WORDS - {"a", "an", "the"} or not tok.text[:1].isalpha():
            break
        k -= 1
    if raw.lower() in lx.WEEKDAYS | lx.MONTHS | lx.TIME_WORDS:
        return None  # "Wednesday's denial" names a day, not who denied
    denier = (entities.resolve(raw, toks[i].start) or "") if raw else ""
    if not denier:
        return None
    s0, s1 = sentence.start, sentence.end
    region = (toks[i].end, _counter_start(toks, i, s1)) if nxt in ("of", "that") else (s0, toks[i].start)
    return DenialHit(toks[i].low, toks[i].start, "noun", denier, region, sentence)


def _predicate(
    cue: str, start: int, end: int, sentence: Span, cues: list[Cue], quote_speaker: str | None
) -> DenialHit:
    before = sentence.text[: start - sentence.start]
    if cue.startswith(("no ", "not supported", "not one", "not a shred", "not aware", "unaware")):
        # "no evidence that ...": what follows, up to the end of the clause
        rest = sentence.text[end - sentence.start :]
        stop = re.search(r"[,;]|\s[-–—]\s", rest)
        region = (start, end + (stop.start() if stop else len(rest)))
    elif _IT_IS.search(before) and len(sentence.text[end - sentence.start :].split()) >= 3:
        region = (start, sentence.end)  # "It's implausible that ..."
    else:
        region = (sentence.start, start)
    return DenialHit(
        cue, start, "predicate", _speaker(start, cues, quote_speaker, sentence), region, sentence
    )


def _negated(
    fig: Figure, toks: list[Token], sentence: Span, cues: list[Cue], quote_speaker: str | None
) -> DenialHit | None:
    prior = [t for t in toks if t.end <= fig.span.start][-6:]
    neg = next(
        (
            t
            for t in reversed(prior)
            if (t.low in lx.NEGATIONS and t.low != "no") or t.low.endswith(("n't", "n’t"))
        ),
        None,
    )
    if neg is None or any(is_quote(t.text) or t.text in (",", ";") for t in prior if t.start > neg.start):
        return None
    if any(t.low in _EPISTEMIC for t in prior if t.start > neg.start):
        return None  # "have not confirmed the eleven planes": not knowing is not denying
    return DenialHit(
        "not",
        neg.start,
        "negation",
        _speaker(neg.start, cues, quote_speaker, sentence),
        (neg.start, fig.span.end),
        sentence,
        fig,
    )
