"""Key terms of an article for the story index: parties, names and key words, figures (pure).

Terms are prefixed by kind ("p:" party, "n:" multi-word name, "t:" word, "f:" figure) so a
figure never matches a word. Names and words come from the headline and the lead only: the lead
says what the story is about, the rest of a long article drifts into background that would glue
unrelated stories together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.stance.text import content_tokens, entity_tokens, is_title_case
from bot.stories.model import ArticleFacts, StoryTermWeight, TermKind

LEAD_CHARS = 600
MAX_TERMS = 40
PARTY_WEIGHT = 3.0
NAME_WEIGHT = 2.0
WORD_WEIGHT = 1.0
FIGURE_WEIGHT = 1.5

_NON_WORD = re.compile(r"[^\w\s]")
# Two or more capitalised words in a row ("Acme Motors", "Red Cross"): one name, one term.
_NAME_PHRASE = re.compile(r"\b[A-Z][\w\-]*(?:[ ]+(?:of[ ]+|for[ ]+)?[A-Z][\w\-]*)+")
_SPACE = re.compile(r"\s+")

# Heads of party descriptions that recur across unrelated events ("the interior ministry",
# "police", "officials"): unless the party also carries a name ("the CGT union"), it is indexed as
# a plain word, so that two stories quoting "the interior ministry" are not glued together by it.
GENERIC_HEADS: frozenset[str] = frozenset(
    content_tokens(
        """ministry government police officials authorities army military union group spokesman
        spokeswoman spokesperson agency department office sources witnesses experts analysts
        residents doctors hospital council committee company firm court prosecutors investigators
        rescuers organisers organizers activists researchers medics media newspaper"""
    )
)


def party_key(name: str) -> str:
    """Lower-case, punctuation-free form of a party name, without a leading 'the'."""
    text = _SPACE.sub(" ", _NON_WORD.sub(" ", name.lower())).strip()
    for article in ("the ", "a ", "an "):
        text = text.removeprefix(article)
    return text


def figure_key(value: float | None, low: float | None, high: float | None) -> str | None:
    point = value if value is not None else (low if low is not None else high)
    if point is None:
        return None
    return f"f:{point:g}"


def _named(name: str, tokens: list[str], lead_names: frozenset[str]) -> bool:
    """Whether a party is a specific name rather than a generic description."""
    if not tokens or tokens[-1] not in GENERIC_HEADS:
        return True
    return bool(set(tokens) & (entity_tokens(name) | lead_names))


def speaker_terms(terms: Iterable[StoryTermWeight]) -> frozenset[str]:
    """Terms that only name who speaks: each party, its written-out name and its words."""
    out: set[str] = set()
    for t in terms:
        if t.kind is TermKind.PARTY:
            key = t.term[2:]
            out |= {t.term, "n:" + key, *("t:" + token for token in content_tokens(key))}
    return frozenset(out)


def article_terms(article: ArticleFacts) -> tuple[StoryTermWeight, ...]:
    """The article's index terms, heaviest first, at most :data:`MAX_TERMS`."""
    weights: dict[str, tuple[TermKind, float]] = {}

    def add(term: str, kind: TermKind, weight: float) -> None:
        term = term[:128]
        if term and (term not in weights or weights[term][1] < weight):
            weights[term] = (kind, weight)

    lead = f"{article.title}.\n{article.text[:LEAD_CHARS]}"
    scan = lead if not is_title_case(article.title) else article.text[:LEAD_CHARS]
    phrases = {key for key in map(party_key, _NAME_PHRASE.findall(scan)) if " " in key}
    lead_names = entity_tokens(lead)
    parties = [c.claimant for c in article.claims if c.claimant] + list(article.deniers)
    for name in parties:
        key = party_key(name)
        if key:
            tokens = content_tokens(name)
            add("p:" + key, TermKind.PARTY, PARTY_WEIGHT if _named(name, tokens, lead_names) else WORD_WEIGHT)
            # its words also meet the same name written out in another article's text
            for token in tokens:
                add("t:" + token, TermKind.TERM, WORD_WEIGHT)
    for key in phrases:
        add("n:" + key, TermKind.TERM, PARTY_WEIGHT)
    # a word of a multi-word name ("State" of "Islamic State") is only a word: the phrase carries
    # the name, and such words ("State", "Department") recur across unrelated stories
    in_phrases = {token for key in phrases for token in content_tokens(key)}
    names = lead_names - in_phrases
    for word in content_tokens(lead):
        if not word[0].isdigit():
            add("t:" + word, TermKind.TERM, NAME_WEIGHT if word in names else WORD_WEIGHT)
    for claim in article.claims:
        figure = figure_key(claim.value, claim.low, claim.high)
        if figure:
            add(figure, TermKind.FIGURE, FIGURE_WEIGHT)
        for word in content_tokens(claim.counted):
            add("t:" + word, TermKind.TERM, WORD_WEIGHT)
    ranked = sorted(weights.items(), key=lambda item: (-item[1][1], item[0]))[:MAX_TERMS]
    return tuple(StoryTermWeight(term, kind, weight) for term, (kind, weight) in ranked)
