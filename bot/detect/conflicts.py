"""Conflicts: two parties giving incompatible figures for the same counted thing.

Both figures must be attributed, to different parties, close together (same or next sentences),
in the same unit, about the same counted head (or one side has no head, as in "it was closer
to $400m"), and their intervals must not overlap once qualifiers are applied. A source
revising its own figure ("the toll rose to 50") is not a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.detect import lexicon as lx
from bot.detect.counted import Counted
from bot.detect.entities import same_party
from bot.detect.figures import interval
from bot.detect.model import Claim
from bot.detect.text import tokenize

MAX_SENTENCE_GAP = 2


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    claim: Claim
    counted: Counted
    sentence_index: int
    paragraph: int


def _disjoint(a: ClaimInfo, b: ClaimInfo) -> bool:
    lo1, hi1 = interval(a.claim.figure)
    lo2, hi2 = interval(b.claim.figure)
    return hi1 < lo2 or hi2 < lo1


_BACK_REFERENCE = re.compile(
    r"\b(?:it|that|this|the figure|the number|the total)\s+(?:was|is|were|to be|at)\s+(?:\w+\s+){0,2}$", re.I
)


def _canonical(head: str, events: frozenset[str] = frozenset()) -> str:
    if any(lx.EVENT_SYNONYMS.get(e) == "kill" for e in events):
        return "deaths"  # "killed 45 protesters" and "the death toll" count the same thing
    return lx.COUNT_SYNONYMS.get(head, head)


def _events(info: ClaimInfo) -> frozenset[str]:
    return frozenset(lx.EVENT_SYNONYMS.get(e, e) for e in info.counted.event_stems)


def _same_thing(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Same unit and the same counted head; "it was closer to $400m" takes the head of the claim
    it answers."""
    if a.claim.figure.unit != b.claim.figure.unit:
        return False
    ha, hb = _canonical(a.counted.head, _events(a)), _canonical(b.counted.head, _events(b))
    if ha and hb:
        ea, eb = _events(a), _events(b)
        return ha == hb and not (ea and eb and not ea & eb)
    later = b if not hb else a
    if not (ha or hb) or later is a:
        return False
    s = later.claim.sentence
    return bool(_BACK_REFERENCE.search(s.text[: later.claim.figure.span.start - s.start]))


def _contrast(b: ClaimInfo) -> bool:
    words = [t.low for t in tokenize(b.claim.sentence.text)][:6]
    return any(w in lx.CONTRAST_MARKERS for w in words) or "closer" in words


def _contrast_between(a: ClaimInfo, b: ClaimInfo) -> bool:
    s = a.claim.sentence
    between = s.text[a.claim.figure.span.end - s.start : b.claim.figure.span.start - s.start].lower()
    return any(f" {w} " in f" {between} " or f", {w} " in between for w in ("while", "but", "whereas"))


def _same_event(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Both figures count the same event ("killed", "were killed"): no contrast word needed."""
    ea, eb = _events(a), _events(b)
    return bool(ea and eb and ea & eb)


def _revision(b: ClaimInfo) -> bool:
    return any(t.low in lx.REVISION_WORDS for t in tokenize(b.claim.sentence.text))


def find_conflicts(infos: list[ClaimInfo]) -> list[tuple[int, int]]:
    """Index pairs (earlier, later) of conflicting claims."""
    pairs: list[tuple[int, int]] = []
    for j, b in enumerate(infos):
        if not b.claim.claimant or b.claim.figure.qualifier == "vague":
            continue
        for i in range(j - 1, -1, -1):
            a = infos[i]
            if b.sentence_index - a.sentence_index > MAX_SENTENCE_GAP:
                break
            if not a.claim.claimant or a.claim.figure.qualifier == "vague":
                continue
            if same_party(a.claim.claimant, b.claim.claimant):
                continue
            if a.sentence_index == b.sentence_index and not _contrast_between(a, b):
                continue
            if not (_same_thing(a, b) and _disjoint(a, b)) or _revision(b):
                continue
            if a.sentence_index != b.sentence_index and not (
                _contrast(b) or _same_event(a, b) or _canonical(b.counted.head, _events(b)) == "deaths"
            ):
                continue  # two unrelated statements in a row, unless they count the same deaths
            pairs.append((i, j))
    return pairs
