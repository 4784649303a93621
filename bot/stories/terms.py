"""Key terms of an article for the story index: parties, names and key words, figures (pure).

Terms are prefixed by kind ("p:" party, "n:" multi-word name, "t:" word, "f:" figure) so a
figure never matches a word. Names and words come from the headline and the lead only: the lead
says what the story is about, the rest of a long article drifts into background that would glue
unrelated stories together.
"""

from __future__ import annotations

import re

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


def article_terms(article: ArticleFacts) -> tuple[StoryTermWeight, ...]:
    """The article's index terms, heaviest first, at most :data:`MAX_TERMS`."""
    weights: dict[str, tuple[TermKind, float]] = {}

    def add(term: str, kind: TermKind, weight: float) -> None:
        term = term[:128]
        if term and (term not in weights or weights[term][1] < weight):
            weights[term] = (kind, weight)

    parties = [c.claimant for c in article.claims if c.claimant] + list(article.deniers)
    for name in parties:
        key = party_key(name)
        if key:
            add("p:" + key, TermKind.PARTY, PARTY_WEIGHT)
            # its words also meet the same name written out in another article's text
            for token in content_tokens(name):
                add("t:" + token, TermKind.TERM, WORD_WEIGHT)
    lead = f"{article.title}.\n{article.text[:LEAD_CHARS]}"
    scan = lead if not is_title_case(article.title) else article.text[:LEAD_CHARS]
    phrases = {key for key in map(party_key, _NAME_PHRASE.findall(scan)) if " " in key}
    for key in phrases:
        add("n:" + key, TermKind.TERM, PARTY_WEIGHT)
    # a word of a multi-word name ("State" of "Islamic State") is only a word: the phrase carries
    # the name, and such words ("State", "Department") recur across unrelated stories
    in_phrases = {token for key in phrases for token in content_tokens(key)}
    names = entity_tokens(lead) - in_phrases
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
