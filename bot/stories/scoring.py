"""Which recent story an article belongs to (pure).

A story's score is the idf-weighted mass of the terms it shares with the article, over the mass of
the article's :data:`CORE_TERMS` heaviest terms (a follow-up adds new words of its own - a denial,
a new speaker - that should not dilute what it shares). Document frequency is counted over the
stories active in the window, so terms many stories share ("government", "police") count little
and a shared party or name counts a lot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from bot.stories.model import StoryMatch, StoryTermWeight

JOIN_MIN_SCORE = 0.2
JOIN_MIN_SHARED = 3
JOIN_MIN_NAMES = 1  # shared words alone ("earthquake", "homes") do not make the same event
NAME_MIN_WEIGHT = 2.0
CORE_TERMS = 12


def idf(df: int, n_stories: int) -> float:
    return math.log(1.0 + (n_stories + 1) / (df + 1))


def score_stories(
    terms: Sequence[StoryTermWeight],
    shared: Mapping[int, Mapping[str, float]],
    n_stories: int,
) -> list[StoryMatch]:
    """Score candidate stories; ``shared`` maps story id -> {term: weight} for shared terms only."""
    df: dict[str, int] = {}
    for story_terms in shared.values():
        for term in story_terms:
            df[term] = df.get(term, 0) + 1
    article = {t.term: t.weight for t in terms}
    masses = sorted((w * idf(df.get(term, 0), n_stories) for term, w in article.items()), reverse=True)
    total = sum(masses[:CORE_TERMS])
    if total <= 0:
        return []
    matches = []
    for story_id, story_terms in shared.items():
        common = [term for term in story_terms if term in article]
        gained = sum(min(article[term], story_terms[term]) * idf(df[term], n_stories) for term in common)
        names = sum(min(article[term], story_terms[term]) >= NAME_MIN_WEIGHT for term in common)
        matches.append(StoryMatch(story_id, min(1.0, gained / total), tuple(sorted(common)), names))
    matches.sort(key=lambda m: (-m.score, -m.story_id))  # ties: the newer story
    return matches


def best_story(
    terms: Sequence[StoryTermWeight],
    shared: Mapping[int, Mapping[str, float]],
    n_stories: int,
    min_score: float = JOIN_MIN_SCORE,
    min_shared: int = JOIN_MIN_SHARED,
    min_names: int = JOIN_MIN_NAMES,
) -> StoryMatch | None:
    """The story to join, or None to open a new one."""
    for match in score_stories(terms, shared, n_stories):
        if match.score >= min_score and len(match.shared) >= min_shared and match.names >= min_names:
            return match
        if match.score < min_score:
            break
    return None
