"""Cross-article comparisons of claims (pure): same party, same counted thing, incompatible values."""

from __future__ import annotations

import re

from bot.stance.text import content_tokens, entity_tokens, is_title_case
from bot.stories.model import ClaimFacts
from bot.stories.terms import party_key

# A run of capitalised words (joined by of/for/and/the) naming who speaks before a cue.
_NAME_RUN = re.compile(r"(?:[A-Z][\w'’.\-]*)(?:\s+(?:(?:of|for|and|the|de|al)\s+)*[A-Z][\w'’.\-]*)*")


def same_party(a: str | None, b: str | None) -> bool:
    """Same source, allowing a short mention of a longer name ("the observatory")."""
    if not a or not b:
        return False
    ka, kb = party_key(a), party_key(b)
    if ka == kb:
        return True
    ta, tb = set(ka.split()), set(kb.split())
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def same_counted(a: str, b: str) -> bool:
    """The same counted thing: one description's content words contain the other's."""
    ta, tb = set(content_tokens(a)), set(content_tokens(b))
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def bounds(claim: ClaimFacts) -> tuple[float, float] | None:
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    if low is None and high is None:
        return None
    return (low if low is not None else float("-inf"), high if high is not None else float("inf"))


def values_conflict(a: ClaimFacts, b: ClaimFacts) -> bool:
    """The ranges (qualifiers applied) do not overlap."""
    ra, rb = bounds(a), bounds(b)
    if ra is None or rb is None or (a.unit or None) != (b.unit or None):
        return False
    return ra[1] < rb[0] or rb[1] < ra[0]


def is_conflict(earlier: ClaimFacts, later: ClaimFacts) -> bool:
    """Different known parties giving incompatible values for the same counted thing.

    A source revising its own figure is not a conflict, and neither is an unattributed figure
    (there is no second party to set against the first).
    """
    return (
        earlier.claimant is not None
        and later.claimant is not None
        and not same_party(earlier.claimant, later.claimant)
        and same_counted(earlier.counted, later.counted)
        and values_conflict(earlier, later)
    )


_LEADING = frozenset({"the", "a", "an", "on", "in", "but", "and", "yet", "however", "report", "reports"})
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday""".split()  # noqa: SIM905
)
SUBJECT_GAP = 3  # words between a speaker and the verb: "Acme Motors on Tuesday rejected"
# "Ahmed Rudaini, the ministry's spokesman, dismissed ...": a name, then who they are, then the verb
_APPOSITIVE = re.compile(r"\s*,[^,]{1,60},?\s*(?:\w+\s+){0,2}$")
_SUBJECT = re.compile(r"\b((?:the|a|an)\s+[a-z][\w\-]*)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


# words that end a possessed noun phrase before the verb: "Acme's spokesman on Tuesday denied"
_PHRASE_END = frozenset({"on", "in", "at", "last", "this", "also", "late", "early", "then", "had", "has"})


def _possessed(name: str, gap: str) -> list[str]:
    """After a possessive ("Syria's"), the speaker is what is possessed: "Syria's defence ministry"."""
    if not name.lower().endswith(("'s", "’s")):
        return []
    out: list[str] = []
    for word in gap.split():
        if not word.isalpha() or not word.islower() or word in _PHRASE_END:
            break
        out.append(word)
    return out


def speaker_before(sentence: str, position: int) -> str | None:
    """Who speaks at ``position`` (a cue) in ``sentence``: the capitalised name just before it
    (at most :data:`SUBJECT_GAP` words or an appositive between), else a "the <noun>" subject."""
    head = sentence[: max(position, 0)]
    found = None
    for match in _NAME_RUN.finditer(head):
        words = match.group().rstrip(".:").split()
        while words and words[0].lower() in _LEADING:
            words.pop(0)
        gap = head[match.end() :]
        near = len(gap.split()) <= SUBJECT_GAP or bool(_APPOSITIVE.match(gap))
        if words and near and not all(w.lower() in _TIME_WORDS for w in words):
            found = " ".join(words + _possessed(words[-1], gap))
    if found:
        return found
    subject = _SUBJECT.search(head)
    return subject.group(1) if subject else None


# "Officials in Odesa": the words before the preposition say who speaks, the rest says where
_SPEAKER_END = re.compile(r"\s+(?:in|of|for|from|at|on)\s+", re.IGNORECASE)


def event_names(title: str, sentence: str, claimant: str | None) -> frozenset[str]:
    """Names a claim is about (places, organisations, people), not the name of who claims it."""
    names = set(entity_tokens(sentence))
    if not is_title_case(title):  # capitals say nothing in a Title Case headline
        names |= entity_tokens(title)
    speaker = set(content_tokens(_SPEAKER_END.split(claimant, maxsplit=1)[0])) if claimant else set()
    return frozenset(n for n in names if not n[0].isdigit() and n not in speaker and n not in _TIME_WORDS)


def different_events(
    earlier_names: frozenset[str],
    earlier_tokens: frozenset[str],
    later_names: frozenset[str],
    later_tokens: frozenset[str],
) -> bool:
    """Each claim names something the other article never mentions (a strike on Kharkiv, another
    on Odesa): two events of one kind in one story, so their tolls are not a dispute."""
    return bool(earlier_names - later_tokens) and bool(later_names - earlier_tokens)
