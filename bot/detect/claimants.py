"""Attribution: which party puts each figure forward.

Cues: reporting verbs (said, told, estimated, claimed, ...), "according to X", "as reported by X",
"a claim by X", "X's report", "put the toll at N"; participles ("..., saying") take the subject of
the sentence; quoted sentences without a cue take the speaker named next to the quote.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.detect import lexicon as lx
from bot.detect.entities import Entities
from bot.detect.model import Span
from bot.detect.speakers import main_subject, np_after, subject_before
from bot.detect.text import Token, is_quote, tokenize


@dataclass(frozen=True, slots=True)
class Cue:
    start: int  # document offset of the cue word
    speaker: str  # resolved name, "" when unknown
    trailing: bool  # the cue follows what it attributes (", the Observatory said")
    source: bool = False  # names where a story came from ("the Mirror report"), not a speaker
    modifier: bool = False  # "a posting claiming ...": describes a claim, governs nothing after it
    # "the year in which X counted 300 ..., ended": a cue in a relative clause governs only that clause;
    # the document offset where it ends (None: no such bound)
    clause_end: int | None = None


_CLAIM_OF = re.compile(
    r"\b(?:claims?|reports?|allegations?|article|story|estimates?|posting)(?:\s+(?:on|last|this)\s+\w+)?"
    r"(?:\s+(?:that\s+)?(?:was\s+|were\s+|had\s+been\s+)?(?:appeared|published|printed|carried|ran|posted|made|written))?"
    r"\s+(?:by|from|in|on)\s+",
    re.I,
)
_REPORT_SOURCE = re.compile(
    r"(?:\b(?:the|an?)\s+(?:original\s+|recent\s+|initial\s+)?"
    r"(?P<a>(?:[A-Z][\w’'.-]*\s+){1,4}?)(?:article|report|story|piece|profile|magazine article)\b)"
    r"|(?P<b>(?<![\w.’'-])(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)[’']s\s+(?:\w+\s+)?(?:article|report|story|piece|profile|"
    r"claims?|estimates?|figures?|data|tally|count|account|\w+\s+\w+\s+profiled)\b"
    r"|\b(?:profiled|reported|published|first\s+reported)\s+by\s+(?:the\s+)?(?P<c>(?:[A-Z][\w.-]*\s*){1,4})",
)


_AGENT_NOUNS = frozenset(
    {
        "user",
        "reader",
        "customer",
        "blogger",
        "poster",
        "owner",
        "source",
        "spokesman",
        "spokeswoman",
        "official",
        "lawyer",
        "witness",
        "resident",
    }
)
_RELAYED_TO = frozenset({"him", "her", "them", "us", "me"})
_ADJECTIVAL = {"alleged", "reported", "estimated", "claimed", "purported", "suspected", "stated"} | {
    "calculated",
    "projected",
    "predicted",
    "forecast",
}
_NOUN_LIKE = {"claim", "claims", "report", "reports", "estimate", "estimates", "states", "notes", "finds"} | {
    "forecast",
    "forecasts",
    "projects",
}
_DETS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "such",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "some",
    "any",
    "no",
    "news",
    "media",
    "false",
}


_FIGURE_STARTS = frozenset("0123456789$£€")


def _is_noun_use(toks: list[Token], i: int) -> bool:
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.text[:1] in _FIGURE_STARTS:
        return False  # "the government forecast 950,000 tonnes": a noun is not followed by a figure
    if (
        prev is not None
        and prev.low in ("that", "this")
        and nxt is not None
        and (
            nxt.low in ("he", "she", "it", "they", "he’s", "he's", "she’s", "she's", "the", "a") or nxt.is_cap
        )
    ):
        return False  # "a magazine that claims he made ...": a verb after a relative pronoun
    if prev is not None and (prev.low in _DETS or prev.low.endswith(("’s", "'s"))):
        return True
    if nxt is not None and nxt.low == "of":
        return True  # "an official forecast of 230,000": a noun with its complement
    if nxt is not None and nxt.low in lx.REPORTING_VERBS and not nxt.is_cap and nxt.low.endswith("s"):
        return True  # "The bogus report says": the subject's head noun, the verb comes next
    if (
        i > 1
        and not toks[i].low.endswith("s")
        and toks[i - 2].low in ("the", "a", "an", "this", "that")
        and prev is not None
        and prev.text.isalpha()
        and prev.text.islower()
        and not (prev.low.endswith("s") and not prev.low.endswith(("ss", "us")))  # "the officials report"
    ):
        return True  # "the bogus report, which ...": a singular noun after "the <adjective>"
    if (
        nxt is not None
        and nxt.low == "that"
        and prev is not None
        and (prev.low in _AGENT_NOUNS or (prev.is_cap and i >= 2))
    ):
        return False  # "a Reddit user claims that ...", "the United Nations estimates that ...": a verb
    return nxt is not None and nxt.low in (
        "was",
        "is",
        "were",
        "are",
        "has",
        "had",
        "of",
        "by",
        "from",
        "in",
        "that",
    )


# titles that open an inverted speaker ("..., said analyst Ann Ito", "..., says spokesman Ed Bo")
_INVERTED_TITLES = lx.PERSON_TITLES - {"sir", "lord", "general", "officer", "representative"}


def _speaker_for_verb(toks: list[Token], i: int, sentence: Span, entities: Entities) -> tuple[str, bool]:
    text, base = sentence.text, sentence.start
    low = toks[i].low
    prev = toks[i - 1] if i > 0 else None
    if low == "saying" and prev is not None and prev.low == "as":
        # "Reuters quoted the ministry as saying": the ministry speaks
        k = next(
            (
                k
                for k in range(i - 2, max(-1, i - 12), -1)
                if toks[k].low in ("quoted", "quote", "quotes", "cited", "cite", "cites")
            ),
            None,
        )
        if k is not None and _passive_quote(toks, k):
            # "the ministry was quoted as saying": the passive's subject speaks
            return _resolve(subject_before(toks, k, text, base), toks[i].start, entities), False
        if k is not None:
            return _resolve(np_after(toks, k, text, base), toks[i].start, entities), False
    if (
        low.endswith("ing")
        and prev is not None
        and prev.low not in lx.AUX_VERBS
        and (prev.text == "," or prev.low in ("by", "while") or not prev.is_cap)
    ):
        # "X said 200, but Y denies this, saying 22": the participle's subject is its own clause's
        clause = _clause_start(toks, i)
        raw = (
            (_clause_subject(toks, clause, i, text, base) if clause else "")
            or main_subject(toks, text, base)
            or (_leading_name(toks, text, base) if prev.low in _ADVERBIAL_OPENERS else "")
        )
        return _resolve(raw, toks[i].start, entities), False
    trailing = prev is not None and (is_quote(prev.text) or prev.text == ",")
    if prev is not None and prev.text == "," and i + 1 < len(toks) and toks[i + 1].low in _INVERTED_TITLES:
        # "..., said analyst Ann Ito of X": the speaker follows the verb
        return _resolve(np_after(toks, i, text, base), toks[i].start, entities), True
    if prev is not None and prev.text == ",":
        raw = subject_before(toks, i, text, base)
        if raw:
            return _resolve(raw, toks[i].start, entities), True
    if (
        trailing
        and i + 1 < len(toks)
        and toks[i + 1].text[:1].isalpha()
        and toks[i + 1].low not in ("that", "on", "in", "to", "it", "he", "she", "they")
        and toks[i + 1].low not in lx.TIME_WORDS
    ):
        return _resolve(np_after(toks, i, text, base), toks[i].start, entities), True
    raw = subject_before(toks, i, text, base)
    before_has_figure = trailing or (prev is not None and prev.text in (",",))
    return _resolve(raw, toks[i].start, entities), before_has_figure


_BE_FORMS = frozenset({"is", "are", "was", "were", "been", "be"})


def _passive_quote(toks: list[Token], k: int) -> bool:
    """ "was quoted", "has been widely cited": a form of "be", perhaps with an adverb, before the
    verb of quoting at ``toks[k]`` makes it passive."""
    j = k - 1
    if j >= 0 and toks[j].low.endswith("ly") and not toks[j].is_cap:
        j -= 1
    return j >= 0 and toks[j].low in _BE_FORMS


_CLAUSE_OPENERS = frozenset({"but", "while", "whereas", "although", "though"})
# "Gazprom cut supplies after saying Kiev owed $2 billion": the participle after one of these
# belongs to the main clause, whose verb the verb list may not know
_ADVERBIAL_OPENERS = frozenset({"after", "before", "when", "while", "by", "since"})


def _leading_name(toks: list[Token], text: str, base: int) -> str:
    """The noun phrase with a name opening the sentence ("Gazprom", "The utility Nordgas"): it
    ends before the first lower-case word followed by another lower-case word (the verb)."""
    named = False
    for k, tok in enumerate(toks[:12]):
        if tok.is_cap and k:
            named = True
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if k and not tok.is_cap and tok.text[:1].isalpha() and (nxt is None or not nxt.is_cap):
            return (
                subject_before(toks, k, text, base) if named or toks[0].low not in ("the", "a", "an") else ""
            )
    return ""


def _clause_start(toks: list[Token], i: int) -> int:
    """Index of the first word of the clause holding ``toks[i]`` when a contrast clause ("..., but
    the ministry denies this") opened after the sentence's start; else 0."""
    for k in range(i - 2, 0, -1):
        if toks[k].text == ";" or (toks[k].low in _CLAUSE_OPENERS and toks[k - 1].text == ","):
            return k + 1
    return 0


_CLAUSE_VERBS = lx.AUX_VERBS | lx.REPORTING_VERBS | lx.OBJECT_DENY_VERBS | lx.CALL_VERBS


def _clause_subject(toks: list[Token], clause: int, i: int, text: str, base: int) -> str:
    """Subject of the first verb between ``clause`` and ``i`` ("" when none is found)."""
    for k in range(clause + 1, i):
        if toks[k].low in _CLAUSE_VERBS and not toks[k].is_cap:
            return subject_before(toks, k, text, base)
    return ""


# "Last week a satirical website, X, posted ...": the time adverb opens the sentence, it is not
# part of the speaker's name
_LEADING_TIME = re.compile(
    r"^(?:last|earlier|this|on)\s+(?:this\s+)?(?:week|month|year|weekend|night|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b,?\s+(?=\S)",
    re.I,
)


def _resolve(raw: str, pos: int, entities: Entities) -> str:
    raw = _LEADING_TIME.sub("", raw)
    if not raw:
        return ""
    return entities.resolve(raw, pos) or ""


def find_cues(sentence: Span, entities: Entities) -> list[Cue]:
    toks = tokenize(sentence.text, sentence.start)
    text, base = sentence.text, sentence.start
    cues: list[Cue] = []
    for i, tok in enumerate(toks):
        low = tok.low
        if low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            name = np_after(toks, i + 1, text, base)
            cues.append(Cue(tok.start, _resolve(name, tok.start, entities), i > 0))
        elif low == "by" and i > 0 and toks[i - 1].low in ("reported", "claimed", "published", "profiled"):
            name = np_after(toks, i, text, base)
            cues.append(Cue(tok.start, _resolve(name, tok.start, entities), True))
        elif (low in _PUT_VERBS and _puts_a_figure(toks, i)) or (
            low in _SEE_VERBS and _sees_a_figure(toks, i)
        ):
            name = subject_before(toks, i, text, base)
            cues.append(Cue(tok.start, _resolve(name, tok.start, entities), False))
        elif low in lx.REPORTING_VERBS and not tok.is_cap and not _names_no_speaker(toks, i):
            cues.append(_reporting_cue(toks, i, sentence, entities, cues))
        elif _spread_claims(toks, i):
            # "users shared claims that 5,000 ...": who spreads a claim makes it
            name = subject_before(toks, i - 1, text, base)
            cues.append(Cue(tok.start, _resolve(name, tok.start, entities), False))
        elif low in _SHOW_VERBS and (keeper := _record_subject(toks, i, text, base)):
            # "county records show 240", "figures from the census office showed": a document
            # speaks for its keeper
            cues.append(Cue(tok.start, _resolve(keeper, tok.start, entities), False))
    cues.extend(_source_cues(sentence, entities))
    for m in _PRESS_REPORTS.finditer(text):
        # "denied press reports that the bank planned a 300 billion fund": the reports claim it
        cues.append(Cue(base + m.start(), " ".join(m.group("who").split()), False))
    return sorted(cues, key=lambda c: c.start)


_PRESS_REPORTS = re.compile(
    r"\b(?P<who>(?:[A-Z][\w-]*\s+)?(?:press|media|newspaper|news)\s+reports?)\s+(?:that|saying)\b"
)


_SHOW_VERBS = frozenset({"show", "shows", "showed", "shown"})
# "analysts pegged the cost at $15 billion", "police placed the crowd at 8,000": "put" in other words
_PUT_VERBS = frozenset({"put", "puts", "putting", "peg", "pegs", "pegged", "pegging"})
_RECORD_NOUNS = frozenset(
    {"records", "figures", "data", "statistics", "documents", "numbers", "census", "survey", "poll"}
)


_SPREAD_VERBS = frozenset(
    {"shared", "spread", "posted", "circulated", "repeated", "made", "published", "aired", "ran"}
)
_CLAIM_NOUNS = frozenset({"claims", "claim", "reports", "rumours", "rumors", "allegations", "stories"})


def _spread_claims(toks: list[Token], i: int) -> bool:
    """ "X shared claims that ...", "X made the claim that ...": a claim noun after a verb of
    spreading, before the claim's "that"."""
    if toks[i].low not in _CLAIM_NOUNS or i + 1 >= len(toks) or toks[i + 1].low != "that":
        return False
    verb = i - 2 if i >= 2 and toks[i - 1].low in ("the", "a") else i - 1
    return verb >= 1 and toks[verb].low in _SPREAD_VERBS


def _record_subject(toks: list[Token], i: int, text: str, base: int) -> str:
    """The subject of the verb at ``toks[i]`` when it is a record, its head noun naming data
    ("county records", "figures from the census office"); else ""."""
    subject = subject_before(toks, i, text, base) if i else ""
    words = subject.lower().split()
    if not words:
        return ""
    head = words[words.index("from") - 1] if "from" in words[1:] else words[-1]
    return subject if head in _RECORD_NOUNS else ""


_SEE_VERBS = frozenset({"sees", "saw", "see"})
# "sees the harvest rising to 34 million": a view of where a figure will move
_MOVES = frozenset(
    {"rising", "falling", "growing", "dropping", "climbing", "reaching", "rise", "fall", "grow"}
)


def _sees_a_figure(toks: list[Token], i: int) -> bool:
    """ "the council sees the harvest at 34 million tonnes", "Sizov sees 37 million tonnes": a view
    of a figure held by the subject. Not "the 2009 season saw 348 deaths": without "at", the verb's
    subject must be a name."""
    window = toks[i + 1 : i + 11]
    at_figure = any(
        (t.low == "at" or (t.low == "to" and k and window[k - 1].low in _MOVES)) and nxt.text[:1].isdigit()
        for k, (t, nxt) in enumerate(itertools.pairwise(window))
    )
    named = i > 0 and toks[i - 1].is_cap and i + 1 < len(toks) and toks[i + 1].text[:1].isdigit()
    return at_figure or named


def _puts_a_figure(toks: list[Token], i: int) -> bool:
    """ "the ministry put the toll at 300", "put attendance at 8,000", "put it at"."""
    if i + 2 >= len(toks):
        return False
    return any(
        t.low in lx.PUT_OBJECTS or (t.low == "it" and k == 0) for k, t in enumerate(toks[i + 1 : i + 5])
    ) or any(t.low == "at" for t in toks[i + 2 : i + 7])


def _names_no_speaker(toks: list[Token], i: int) -> bool:
    """A reporting word at ``toks[i]`` that is no one's speech verb."""
    low = toks[i].low
    if low in _NOUN_LIKE and _is_noun_use(toks, i):
        return True  # "Hunter's claim was", "the report of": a noun, not a verb
    prev_low = toks[i - 1].low if i > 0 else ""
    if low in _ADJECTIVAL and (
        prev_low in _DETS - {"news", "media", "false"} or prev_low in lx.UNITS or prev_low[:1].isdigit()
    ):
        return True  # "the four alleged suspects", "an estimated 300"
    if prev_low in ("it’s", "it's", "that’s", "that's"):
        return True  # "it's estimated that": nobody named
    if low in ("reported", "claimed") and i + 1 < len(toks) and toks[i + 1].low == "by":
        return True  # handled by the "by" branch
    # passive: "is rumored/was reported/are forecast/is widely said" names nobody
    k = i - 1
    while k > 0 and (toks[k].low in ("also", "now", "still") or toks[k].low.endswith("ly")):
        k -= 1
    return k >= 0 and toks[k].low in _BE_FORMS and (low.endswith("ed") or low in _IRREGULAR_PARTICIPLES)


_IRREGULAR_PARTICIPLES = frozenset({"forecast", "said", "thought", "seen", "known", "put"})


def _reporting_cue(toks: list[Token], i: int, sentence: Span, entities: Entities, cues: list[Cue]) -> Cue:
    """The cue of a speech verb; ``cues`` are those found earlier in the sentence."""
    low = toks[i].low
    speaker, trailing = _speaker_for_verb(toks, i, sentence, entities)
    if low.endswith("ing") and (absolute := _with_subject(toks, i, sentence, entities)):
        speaker, trailing = absolute, False  # "..., with local media reporting that 50 died"
    relayer = next((c.speaker for c in reversed(cues) if c.speaker and not c.source), "")
    if low == "told" and relayer and i + 1 < len(toks) and toks[i + 1].low in _RELAYED_TO:
        # "X said sources told him that ...": X is the one putting the figure forward
        speaker, trailing = relayer, False
    modifier = (
        low.endswith("ing")
        and i > 0
        and toks[i - 1].text[:1].isalpha()
        and (toks[i - 1].low not in lx.AUX_VERBS)
    )
    return Cue(toks[i].start, speaker, trailing, False, modifier, _relative_clause_end(toks, i, sentence))


def _relative_clause_end(toks: list[Token], i: int, sentence: Span) -> int | None:
    """Where the clause ends when the verb at ``toks[i]`` is in one opened a few words back by
    "in which" / "by whom" (at the next comma or the sentence's end); else None."""
    for k in range(i - 1, max(0, i - 8), -1):
        if toks[k].text in (",", ";", ":", ".") or toks[k].low in lx.REPORTING_VERBS:
            return None
        if toks[k].low in ("which", "whom"):
            if toks[k - 1].low not in lx.RELATIVE_PREPOSITIONS:
                return None
            return next((t.start for t in toks[i + 1 :] if t.text in (",", ";")), sentence.end)
    return None


def _with_subject(toks: list[Token], i: int, sentence: Span, entities: Entities) -> str:
    """The noun phrase between "with" and the "-ing" verb at ``toks[i]`` ("with Palestinian media
    reporting"): the subject of an absolute clause, not the sentence's."""
    for k in range(i - 1, max(-1, i - 7), -1):
        if toks[k].low == "with":
            words = toks[k + 1 : i]
            if not words or not all(t.text[:1].isalnum() for t in words):
                return ""
            raw = sentence.text[words[0].start - sentence.start : words[-1].end - sentence.start]
            return _resolve(raw, words[0].start, entities)
        if not toks[k].text[:1].isalnum():
            return ""
    return ""


def _source_cues(sentence: Span, entities: Entities) -> list[Cue]:
    """ "the claim of the ministry", "the New York Magazine article": where a story comes from."""
    cues: list[Cue] = []
    for m in _CLAIM_OF.finditer(sentence.text):
        toks_after = tokenize(sentence.text[m.end() :], sentence.start + m.end())
        if (toks_after and toks_after[0].low in ("the", "a", "an")) or (toks_after and toks_after[0].is_cap):
            name = np_after([Token("", 0, 0), *toks_after], 0, sentence.text, sentence.start)
            pos = sentence.start + m.start()
            cues.append(Cue(pos, _resolve(name, pos, entities), False, True))
    for m in _REPORT_SOURCE.finditer(sentence.text):
        name = (m.group("a") or m.group("b") or m.group("c") or "").strip()
        if name and name.split()[0] not in ("The", "A", "An", "But", "This"):
            pos = sentence.start + m.start()
            cues.append(Cue(pos, _resolve(name, pos, entities), False, True))
    return cues


def claimant_for(pos: int, cues: list[Cue]) -> str | None:
    """The cue governing a figure at ``pos``: the nearest one before it, else the one after it."""
    before = [c for c in cues if c.start < pos and c.speaker and (c.clause_end is None or pos < c.clause_end)]
    after = [c for c in cues if c.start > pos and c.speaker and not c.source and c.clause_end is None]
    if before:
        return before[-1].speaker
    # "34,600 have died since Calderon announced a crackdown, according to statistics": a cue that
    # follows what it attributes governs the figure before it; "X announced Y" attributes Y
    governing = [c for c in after if c.trailing] or after
    return governing[0].speaker if governing else None


def report_sources(sentence: Span, entities: Entities, cues: list[Cue]) -> list[str]:
    """Publications named as the origin of a story in this sentence ("the New York Magazine article")."""
    out: list[str] = []
    for m in _REPORT_SOURCE.finditer(sentence.text):
        name = (m.group("a") or m.group("b") or m.group("c") or "").strip()
        if name and name.split()[0] not in ("The", "A", "An", "But", "This"):
            resolved = entities.resolve(name, sentence.start + m.start())
            if resolved:
                out.append(resolved)
    out.extend(c.speaker for c in cues if c.source and c.speaker and c.speaker not in out)
    return out
