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
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.detect import lexicon as lx
from bot.detect.claimants import Cue
from bot.detect.entities import Entities
from bot.detect.model import Figure, Span
from bot.detect.speakers import main_subject, np_after, plural_possessive, subject_before
from bot.detect.text import Token, is_quote, literal_alternation, tokenize

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
_KNOWLEDGE = frozenset({"knowing", "knowledge", "awareness"})
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
_PHRASES = re.compile(literal_alternation(lx.DENIAL_PHRASES), re.I)
_NO_EXIST = re.compile(
    r"\bthere\s+(?:is|are|was|were|have\s+been|has\s+been|had\s+been)\s+no\s+"
    r"(?!(?:evidence|proof|truth|basis|credible|indication|sign|confirmation|way|need|reason|doubt|such)\b)",
    re.I,
)
_TRUER_FIGURE = re.compile(
    r"(?:\bthe\s+(?:true|real|actual|correct)\s+(?:death\s+)?(?:number|figure|toll|count|total|tally|cost|amount|sum)s?\s+"
    # "the actual amount of problem loans must be more than double"
    r"(?:of\s+(?:[\w-]+\s+){1,3})?"
    r"(?:is|was|are|were|(?:could|may|might|would|will|must)\s+be)\s+"
    # "have put the casualty toll much higher": another party's count set above the one given
    r"|\bput(?:s|ting)?\s+the\s+(?:[\w-]+\s+)?(?:number|figure|toll|count|total|tally|cost|amount)\s+(?:at\s+)?)"
    r"(?:(?:much|far|significantly|considerably|substantially|at\s+least|more\s+than|nearly|almost|about|"
    r"probably|perhaps)\s+)*"
    # "at least three times larger": a multiple of the figure given
    r"(?:(?:two|three|four|five|six|ten|several|many|\d+(?:\.\d+)?)\s+times\s+)?"
    r"(?P<cmp>higher|lower|greater|smaller|larger|bigger|double|triple|twice|half)\b",
    re.I,
)
# "donors say the figure is smaller", "exporters said the estimate was too high": a speaker
# sets the figure given against their own view of it (the writer's own comparisons, "that figure
# is far lower than last year's", name no speaker and deny nothing)
_SAID_FIGURE_IS_OFF = re.compile(
    r"\b(?:the|that|this|these|those|its|their)\s+(?:(?:death|casualty|official|government|real|actual)\s+)?"
    r"(?:number|figure|toll|count|tally|estimate|casualties)s?\s+"
    r"(?:is|was|are|were|(?:could|may|might|would|must)\s+be|(?:is|was|are|were)\s+likely)\s+"
    r"(?:(?:much|far|significantly|considerably|substantially|probably|likely|grossly|well)\s+)*"
    r"(?P<cmp>higher|lower|greater|smaller|larger|bigger|too\s+high|too\s+low)\b"
    r"(?!\s+than\s+(?:the|a|an|its|his|her|their|our|last|in|for|most|any|expected|forecast|previously)\b)"
    r"(?!\s+by\b)",
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


# cues the dispute step links in their own way, so both modules name them here
CUE_NO_EXIST = "there were no"
CUE_NEVER_SAID = "such a thing"


class DenialKind(StrEnum):
    """The shape a denial was found in; the dispute step treats each shape differently."""

    VERB = "verb"
    PASSIVE = "passive"
    PREDICATE = "predicate"
    NEGATION = "negation"
    NOUN = "noun"


@dataclass(frozen=True, slots=True)
class DenialHit:
    cue: str
    start: int  # document offset of the cue
    kind: DenialKind
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


@dataclass(frozen=True, slots=True)
class _Scan:
    """One sentence being scanned: its tokens and what every denial shape reads.

    ``used`` collects the tokens a verb, noun or "call" denial has taken, so that the later
    predicate passes do not report the same words twice."""

    sentence: Span
    toks: list[Token]
    cues: list[Cue]
    entities: Entities
    quote_speaker: str | None
    used: set[int]

    def resolve(self, raw: str, pos: int) -> str:
        return (self.entities.resolve(raw, pos) or "") if raw else ""

    def take(self, i: int, width: int) -> None:
        self.used.update(range(i, min(len(self.toks), i + width)))

    def taken(self, pos: int) -> bool:
        return any(t.start == pos and k in self.used for k, t in enumerate(self.toks))

    def speaker(self, pos: int, cues: list[Cue] | None = None) -> str:
        return _speaker(pos, self.cues if cues is None else cues, self.quote_speaker, self.sentence)

    def subject(self, i: int) -> str:
        return subject_before(self.toks, i, self.sentence.text, self.sentence.start)

    def main_subject(self) -> str:
        return main_subject(self.toks, self.sentence.text, self.sentence.start)


def find_denials(
    sentence: Span,
    figures: list[Figure],
    cues: list[Cue],
    entities: Entities,
    quote_speaker: str | None,
) -> list[DenialHit]:
    scan = _Scan(sentence, tokenize(sentence.text, sentence.start), cues, entities, quote_speaker, set())
    hits = _word_denials(scan)
    # a question ("could it be false?") asks, it does not deny: only verbs and nouns name a denier
    if not sentence.text.rstrip(" \"”’'").endswith("?"):
        for finder in _PREDICATE_FINDERS:
            hits.extend(finder(scan))
        hits.extend(h for fig in figures if (h := _negated(fig, scan)) is not None)
    return [h for h in hits if h.denier]


def _particle_verb(toks: list[Token], i: int) -> bool:
    """ "shot down", "pushed back": a two-word denying verb."""
    if i + 1 >= len(toks):
        return False
    low, nxt = toks[i].low, toks[i + 1].low
    return (low == "shot" and nxt == "down") or (low in _PUSH_HIT and nxt == "back")


_PUSH_HIT = ("push", "pushes", "pushed", "pushing", "hit", "hits", "hitting")


def _word_denials(scan: _Scan) -> list[DenialHit]:
    """Denying verbs, denial nouns and "called it false", in sentence order."""
    hits: list[DenialHit] = []
    for i, tok in enumerate(scan.toks):
        particle = _particle_verb(scan.toks, i)
        if tok.low in lx.OBJECT_DENY_VERBS or particle:
            hit = _verb_denial(scan, i, particle)
        elif tok.low in lx.DENIAL_NOUNS:
            hit = _noun_denial(scan.toks, i, scan.sentence, scan.entities)
            if hit is not None:
                scan.take(i, 8)
        elif tok.low in lx.CALL_VERBS:
            hit = _call_denial(scan, i)
        else:
            continue
        if hit is not None:
            hits.append(hit)
    return hits


def _passive_denial(scan: _Scan, i: int, cue: str, cue_start: int) -> DenialHit | None:
    """ "a claim that was disputed by X": the agent denies what precedes the verb."""
    agent = _by_agent(scan.toks, i, scan.sentence, scan.entities)
    if not agent:
        return None
    region = (scan.sentence.start, scan.toks[i].start)
    return DenialHit(cue, cue_start, DenialKind.PASSIVE, agent, region, scan.sentence)


def _skip_back_adverbs(toks: list[Token], k: int) -> int:
    """The index before any auxiliaries and -ly adverbs that end at ``k``."""
    while k >= 0 and (
        toks[k].low in lx.AUX_VERBS
        or toks[k].low in lx.TIME_WORDS
        or toks[k].low in ("since", "already", "always")
        or (toks[k].low.endswith("ly") and not toks[k].is_cap)
    ):
        k -= 1
    return k


def _claim_subject(toks: list[Token], i: int) -> bool:
    """A claim noun (or a pronoun standing for one) heads the passive's subject, a few words back."""
    for k in range(i - 1, max(-1, i - 9), -1):
        low = toks[k].low.removesuffix("’s").removesuffix("'s")
        if low in lx.CLAIM_NOUNS or low in ("it", "this", "that", "these", "those", "they", "which"):
            return True
        if toks[k].text in (",", ";", ":"):
            return False
    return False


def _after_claim_noun(toks: list[Token], i: int) -> bool:
    """ "..., a figure disputed by X": a reduced relative, passive without its auxiliary."""
    k = _skip_back_adverbs(toks, i - 1)
    return (
        k >= 1
        and toks[i].low.endswith("ed")
        and toks[k].low in lx.CLAIM_NOUNS
        and toks[k - 1].low in _ARTICLES
    )


_ARTICLES = frozenset({"a", "an", "the", "this", "that"})
_RELATIVE_PRONOUNS = frozenset({"which", "that"})


def _claim_relative(scan: _Scan, i: int) -> DenialHit | None:
    """ "..., a claim (which) the company has denied": the verb sits in a relative clause on a claim
    noun in apposition, so what precedes the noun is denied and the clause's subject denies it."""
    toks = scan.toks
    end = _skip_back_adverbs(toks, i - 1)
    noun = -1
    for k in range(end, max(1, end - 7), -1):
        if toks[k].low in _RELATIVE_PRONOUNS or toks[k].low in lx.CLAIM_NOUNS:
            at = k - 1 if toks[k].low in _RELATIVE_PRONOUNS else k
            if k < end and toks[at].low in lx.CLAIM_NOUNS and toks[at - 1].low in _ARTICLES:
                noun = at
            break
        if (
            not toks[k].text[:1].isalnum()
            and toks[k].text not in ("&", "-")
            and not plural_possessive(toks, k)
        ):
            break  # a comma or a quote: the clause began further back ("the miners' union" goes on)
    if noun < 0:
        return None
    first = noun + (2 if toks[noun + 1].low in _RELATIVE_PRONOUNS else 1)
    base = scan.sentence.start
    raw = scan.sentence.text[toks[first].start - base : toks[end].end - base]
    denier = scan.resolve(raw, toks[i].start)
    if not denier:
        return None
    scan.take(i, 12)
    region = (scan.sentence.start, toks[noun].start)
    return DenialHit(toks[i].low, toks[i].start, DenialKind.VERB, denier, region, scan.sentence)


# "cast doubt on", "raised questions about": the noun is the cue, the light verb before it has the subject
_LIGHT_VERBS = frozenset(
    {
        "cast",
        "casts",
        "casting",
        "raised",
        "raise",
        "raises",
        "raising",
        "expressed",
        "express",
        "expresses",
        "expressing",
        "voiced",
        "voice",
        "voices",
        "voicing",
        "threw",
        "throw",
        "throws",
        "thrown",
    }
)


def _participle_subject(scan: _Scan, i: int) -> str:
    if i > 0 and scan.toks[i - 1].low in _LIGHT_VERBS:
        i -= 1
    raw = scan.subject(i)
    if scan.toks[i].low.endswith("ing") and _participle_of_clause(scan.toks, i, loose=True):
        return scan.main_subject()  # "created an entry debunking the story"
    return raw


def _refusal_or_unawareness(toks: list[Token], i: int) -> bool:
    """ "denied entry": refusing something, not a claim; "denied knowing about the payment",
    "denied any knowledge": denies awareness of something, not the thing."""
    following = toks[i + 1 : i + 3]
    return (bool(following) and following[0].low in _DENY_NOT_OBJECTS) or any(
        t.low in _KNOWLEDGE for t in following
    )


def _verb_denial(scan: _Scan, i: int, particle: bool) -> DenialHit | None:
    toks, tok = scan.toks, scan.toks[i]
    if any(lx.is_negation(t.low) for t in toks[max(0, i - 3) : i]):
        return None  # "has not denied", "never disputed": the opposite of a denial
    if _after_claim_noun(toks, i):
        return _passive_denial(scan, i, tok.low, tok.start)
    if _is_passive(toks, i):
        # "ten had been questioned by police", "the case was dismissed by the judge": besides
        # "deny", these verbs deny only when what undergoes them is a claim
        if tok.low not in lx.DENY_VERBS and not _claim_subject(toks, i):
            return None
        return _passive_denial(scan, i, tok.low, tok.start)
    if (relative := _claim_relative(scan, i)) is not None:
        return relative
    if tok.low in lx.DENY_VERBS:
        if _refusal_or_unawareness(toks, i):
            return None
    elif not _has_claim_object(toks, i + (1 if particle else 0)):
        return _dismissed_as_false(scan, i)
    raw = _participle_subject(scan, i)
    if raw.lower().split()[:1] in (["i"], ["we"], ["me"], ["my"], ["our"]):
        raw = scan.speaker(tok.start)  # "'We reject ...,' said X"
    if not raw and i > 0 and toks[i - 1].text == ",":
        raw = scan.main_subject()
    denier = scan.resolve(raw, tok.start)
    if not denier:
        return None
    scan.take(i, 12)
    end = _counter_start(toks, i, scan.sentence.end)
    return DenialHit(tok.low, tok.start, DenialKind.VERB, denier, (tok.end, end), scan.sentence)


def _dismissed_as_false(scan: _Scan, i: int) -> DenialHit | None:
    """ "an accusation the commission dismissed as baseless": the denied claim precedes."""
    toks, tok = scan.toks, scan.toks[i]
    as_false = [t.low for t in toks[i + 1 : i + 4]]
    if not (as_false[:1] == ["as"] and any(w in lx.FALSE_WORDS for w in as_false)):
        return None
    denier = scan.resolve(_drop_claim_np(scan.subject(i)), tok.start)
    if not denier:
        return None
    scan.take(i, 5)
    return DenialHit(
        tok.low, tok.start, DenialKind.VERB, denier, (scan.sentence.start, tok.start), scan.sentence
    )


def _call_denial(scan: _Scan, i: int) -> DenialHit | None:
    """ "X called the report false", "a figure the X called false"."""
    toks, tok, sentence = scan.toks, scan.toks[i], scan.sentence
    window = toks[i + 1 : i + 9]
    word = next((t for t in window if t.low in lx.FALSE_WORDS or t.low in lx.CALL_ONLY_WORDS), None)
    if word is None:
        return None
    scan.take(i, 10)
    if _is_passive(toks, i):
        return _passive_denial(scan, i, word.low, word.start)
    raw = _participle_subject(scan, i)
    relative = _drop_claim_np(raw)
    # "a figure the X called false": the claim noun opens a relative clause, so what precedes is denied
    region = (sentence.start, tok.start) if relative != raw else (tok.end, sentence.end)
    denier = scan.resolve(relative, tok.start)
    if not denier:
        return None
    return DenialHit(word.low, word.start, DenialKind.VERB, denier, region, sentence)


def _attributive(toks: list[Token], i: int) -> bool:
    """ "false alarms", "the fake story", "1,200 false or misleading claims": the writer's
    adjective, no party's denial."""
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and prev.text[:1].isdigit():
        return True  # between a figure and what it counts
    k = i + 2 if i + 3 < len(toks) and toks[i + 1].low in ("or", "and") else i
    nxt = toks[k + 1] if k + 1 < len(toks) else None  # past a second adjective joined by or / and
    if nxt is None or not nxt.text[:1].isalpha() or nxt.low in lx.FUNCTION_WORDS:
        return False
    if toks[i].low == "lying":
        return False  # "lying about the toll": a verb
    predicative = prev is not None and (
        prev.low in lx.COPULAS or prev.low.endswith(("’s", "'s", "ly")) or is_quote(prev.text)
    )
    return nxt.low in lx.FALSE_CLAIM_NOUNS or not predicative


def _lies_verb(toks: list[Token], i: int) -> bool:
    """ "the answer lies in ...": the verb, not the noun."""
    if toks[i].low not in ("lie", "lies"):
        return False
    if i > 0 and toks[i - 1].low in _LIE_BEFORE:
        return False
    prev = toks[i - 1].low if i > 0 else ""
    if prev != "no" and (lx.is_negation(prev) or prev == "cannot"):
        return True  # "the numbers don't lie": the verb, negated, vouches for them
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is not None and nxt.text[:1].isalnum()


_GO_FORMS = frozenset({"go", "goes", "went", "gone", "going"})


def _goes_wrong(toks: list[Token], i: int) -> bool:
    """ "things went wrong": something failed; nothing is said to be false."""
    return toks[i].low == "wrong" and i > 0 and toks[i - 1].low in _GO_FORMS


def _false_word_denials(scan: _Scan) -> list[DenialHit]:
    """ "X said the report was false": a falsity word nobody has taken yet."""
    hits: list[DenialHit] = []
    text, base = scan.sentence.text, scan.sentence.start
    for i, tok in enumerate(scan.toks):
        if i in scan.used or tok.low not in lx.FALSE_WORDS or _attributive(scan.toks, i):
            continue
        if _HEDGE.search(text[: tok.start - base]) or _lies_verb(scan.toks, i) or _goes_wrong(scan.toks, i):
            continue  # "it may be a hoax", "two things could go wrong": not a denial
        hits.append(_predicate(tok.low, tok.start, tok.end, scan.sentence, scan.cues, scan.quote_speaker))
    return hits


def _phrase_denials(scan: _Scan) -> list[DenialHit]:
    """ "no evidence", "not reliable" and the other fixed denial phrases."""
    hits: list[DenialHit] = []
    base = scan.sentence.start
    for m in _PHRASES.finditer(scan.sentence.text.replace("’", "'")):
        pos = base + m.start()
        phrase = m.group().lower()
        if scan.taken(pos) or phrase == "shot down":
            continue
        hits.append(_predicate(phrase, pos, base + m.end(), scan.sentence, scan.cues, scan.quote_speaker))
    return hits


def _made_up_denials(scan: _Scan) -> list[DenialHit]:
    """ "the story was made up", "it is all made-up" ("made up of" describes parts instead)."""
    hits: list[DenialHit] = []
    text, base = scan.sentence.text, scan.sentence.start
    for m in _MADE_UP.finditer(text):
        pos = base + m.start("cue")
        if re.search(r"\bminds?\s*$", text[max(0, m.start() - 12) : m.start()], re.I):
            continue  # "his mind is made up": a decision, not a denial
        if not scan.taken(pos):
            hits.append(
                _predicate("made up", pos, base + m.end(), scan.sentence, scan.cues, scan.quote_speaker)
            )
    return hits


def _no_exist_denials(scan: _Scan) -> list[DenialHit]:
    """ "there were no cases of the virus": denies that the counted thing exists at all."""
    hits: list[DenialHit] = []
    text, base = scan.sentence.text, scan.sentence.start
    for m in _NO_EXIST.finditer(text):
        rest = text[m.end() :]
        stop = re.search(r"[,;.]|\s[-–—]\s", rest)
        pos = base + m.start()
        region = (pos, base + m.end() + (stop.start() if stop else len(rest)))
        hits.append(
            DenialHit(CUE_NO_EXIST, pos, DenialKind.PREDICATE, scan.speaker(pos), region, scan.sentence)
        )
    return hits


def _truer_figure_denials(scan: _Scan) -> list[DenialHit]:
    """ "the true number is much higher", "donors say the figure is smaller": the figure given is
    said to be wrong, without a rival figure of one's own."""
    hits: list[DenialHit] = []
    base = scan.sentence.start
    seen: set[int] = set()
    for m in (*_TRUER_FIGURE.finditer(scan.sentence.text), *_SAID_FIGURE_IS_OFF.finditer(scan.sentence.text)):
        # the cue is the comparative: what comes before it ("the true number") is what it denies;
        # "the real number is higher" matches both patterns and is one denial
        pos = base + m.start("cmp")
        if pos not in seen and not scan.taken(pos):
            seen.add(pos)
            hit = _predicate(
                m.group("cmp").lower(), pos, base + m.end(), scan.sentence, scan.cues, scan.quote_speaker
            )
            if m.group().lower().startswith("put"):
                # "X have put the toll much higher": what is denied is the toll, not X's own words
                hit = replace(hit, region=(base + m.start() + 3, pos))
            hits.append(hit)
    return hits


# "the harvest will fall below official forecasts of 75 million tonnes", "the sums are well below
# media reports that said 400 million": the speaker's view contradicts the figure it names
_SHORT_OF_OFFICIAL = re.compile(
    r"\b(?P<cue>(?:fall|falls|fell|come\s+in|comes\s+in|came\s+in|be|is|was|are|were)\s+"
    r"(?:(?:well|far|slightly|considerably|probably|likely)\s+)*(?:below|short\s+of|under|above))\s+"
    r"(?P<target>(?:the\s+)?(?:[A-Z][\w-]*\s+)?(?:government|official|media|press|newspaper)\s+"
    r"(?:forecasts?|estimates?|projections?|figures?|targets?|reports?)\s+(?:of|that)\s+)",
    re.I,
)


def _short_of_official_denials(scan: _Scan) -> list[DenialHit]:
    hits: list[DenialHit] = []
    base = scan.sentence.start
    for m in _SHORT_OF_OFFICIAL.finditer(scan.sentence.text):
        pos = base + m.start("cue")
        if scan.taken(pos):
            continue
        speaker = _speaker(pos, scan.cues, scan.quote_speaker, scan.sentence)
        # the region reaches past "of" to the figures the named reports give, to the clause's end
        rest = scan.sentence.text[m.end() :]
        stop = re.search(r";|\s[-–—]+\s|,\s+(?:but|while|although)\b", rest)
        region = (base + m.start("target"), base + m.end() + (stop.start() if stop else len(rest)))
        hits.append(
            DenialHit(
                " ".join(m.group("cue").lower().split()),
                pos,
                DenialKind.PREDICATE,
                speaker,
                region,
                scan.sentence,
            )
        )
    return hits


def _never_said_denials(scan: _Scan) -> list[DenialHit]:
    """ "Neither NASA nor any agency has said such a thing": what is reported was never stated
    by those it is pinned on (a speaker's "I never said such a thing" is about himself)."""
    hits: list[DenialHit] = []
    base = scan.sentence.start
    for m in _NEVER_SAID.finditer(scan.sentence.text.replace("’", "'")):
        pos, lo = base + m.start("cue"), base + m.start()
        # not the silent parties' own "has said"
        outside = [
            c for c in scan.cues if not lo <= c.start < pos and not (c.speaker and c.speaker in m.group())
        ]
        speaker = scan.speaker(pos, outside)
        hits.append(
            DenialHit(CUE_NEVER_SAID, pos, DenialKind.PREDICATE, speaker, (lo, base + m.end()), scan.sentence)
        )
    return hits


# the predicate passes, in the order their hits are reported; they run after the word pass
# because they skip the tokens it has taken
_PREDICATE_FINDERS: tuple[Callable[[_Scan], list[DenialHit]], ...] = (
    _false_word_denials,
    _phrase_denials,
    _made_up_denials,
    _truer_figure_denials,
    _short_of_official_denials,
    _no_exist_denials,
    _never_said_denials,
)


_POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she"}

_QUANTIFIERS = (["all"], ["both"], ["every"], ["many"], ["several"])


def _noun_denial(toks: list[Token], i: int, sentence: Span, entities: Entities) -> DenialHit | None:
    """ "a flat denial from X", "denials by X", "X's denial", "its denial", "X issued a denial".

    The denier must be named by one of these shapes; otherwise ("Holocaust denial", "in
    denial") the noun names no party and nothing is reported."""
    before = toks[max(0, i - 5) : i]
    if any(lx.is_negation(t.low) or t.low == "without" for t in before):
        return None  # "no denial", "did not issue a denial"
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if (i > 0 and toks[i - 1].low == "in") or (
        nxt == "of" and i + 2 < len(toks) and toks[i + 2].low in _DENY_NOT_OBJECTS | {"service", "bail"}
    ):
        return None  # "in denial", "denial of entry": not about a claim
    raw = _noun_party_after(toks, i, sentence) or _noun_party_before(toks, i, sentence)
    if raw.lower() in lx.WEEKDAYS | lx.MONTHS | lx.TIME_WORDS:
        return None  # "Wednesday's denial" names a day, not who denied
    denier = (entities.resolve(raw, toks[i].start) or "") if raw else ""
    if not denier:
        return None
    s0, s1 = sentence.start, sentence.end
    region = (toks[i].end, _counter_start(toks, i, s1)) if nxt in ("of", "that") else (s0, toks[i].start)
    return DenialHit(toks[i].low, toks[i].start, DenialKind.NOUN, denier, region, sentence)


def _noun_party_after(toks: list[Token], i: int, sentence: Span) -> str:
    """ "a denial from the ministry", "denials from all sides — the army, ..."."""
    text, base = sentence.text, sentence.start
    for k in range(i + 1, min(len(toks), i + 6)):
        if toks[k].low in ("from", "by"):
            raw = np_after(toks, k, text, base)
            n = len(raw.split())
            if raw.lower().split()[:1] in _QUANTIFIERS and (
                k + n + 1 < len(toks) and toks[k + n + 1].text in ("—", "–", ":", "(")
            ):
                return np_after(toks, k + n + 1, text, base)  # the parties the dash lists
            return raw
        if toks[k].text in (",", ";", ".") or toks[k].low in ("that", "of"):
            break
    return ""


def _noun_party_before(toks: list[Token], i: int, sentence: Span) -> str:
    """ "the ministry's flat denial", "its denial", "the agency issued a firm denial"."""
    text, base = sentence.text, sentence.start
    for k in range(i - 1, max(0, i - 3) - 1, -1):
        tok = toks[k]
        if tok.low in _POSSESSIVE_PRONOUNS:
            raw = _POSSESSIVE_PRONOUNS[tok.low]
        elif tok.low.endswith(("’s", "'s")):
            raw = subject_before(toks, k + 1, text, base)
        elif tok.low in lx.ISSUE_VERBS:
            raw = subject_before(toks, k, text, base)
            if tok.low.endswith("ing") and _participle_of_clause(toks, k):
                raw = main_subject(toks, text, base)
        elif tok.is_cap or tok.low in lx.FUNCTION_WORDS - {"a", "an", "the"} or not tok.text[:1].isalpha():
            break
        else:
            continue
        if raw:
            return raw
    return ""


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
        cue, start, DenialKind.PREDICATE, _speaker(start, cues, quote_speaker, sentence), region, sentence
    )


def _negated(fig: Figure, scan: _Scan) -> DenialHit | None:
    """ "X says he did not make $5 million": a negated figure in reported speech."""
    prior = [t for t in scan.toks if t.end <= fig.span.start][-6:]
    neg = next(
        (t for t in reversed(prior) if lx.is_negation(t.low) and t.low != "no"),
        None,
    )
    if neg is None or any(is_quote(t.text) or t.text in (",", ";") for t in prior if t.start > neg.start):
        return None
    if any(t.low in _EPISTEMIC for t in prior if t.start > neg.start):
        return None  # "have not confirmed the eleven planes": not knowing is not denying
    return DenialHit(
        "not",
        neg.start,
        DenialKind.NEGATION,
        scan.speaker(neg.start),
        (neg.start, fig.span.end),
        scan.sentence,
        fig,
    )
