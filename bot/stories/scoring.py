"""Which recent story an article belongs to (pure).

A story's score is the idf-weighted mass of the terms it shares with the article, over the mass of
the article's :data:`CORE_TERMS` heaviest terms (a follow-up adds new words of its own - a denial,
a new speaker - that should not dilute what it shares; the terms of a party the story does not
know are left out of that mass altogether). Document frequency is counted over the
stories active in the window, so terms many stories share ("government", "police") count little
and a shared party or name counts a lot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from bot.stance.text import content_tokens
from bot.stories.model import StoryMatch, StoryTermWeight
from bot.stories.terms import speaker_terms

JOIN_MIN_SCORE = 0.2
JOIN_MIN_SHARED = 3
JOIN_MIN_DISTINCT = 2  # things in common, a name counting once: one shared company is not enough
JOIN_MIN_NAMES = 1  # shared words alone ("earthquake", "homes") do not make the same event
NAME_MIN_WEIGHT = 2.0
CORE_TERMS = 12


def idf(df: int, n_stories: int) -> float:
    return math.log(1.0 + (n_stories + 1) / (df + 1))


def distinct_shared(common: Sequence[str]) -> int:
    """Shared terms, counting a name once: "Northwind Logistics" shared as a phrase, as a party and
    as its two words is one thing in common (the same company), not four."""
    names = [term[2:] for term in common if term.startswith(("n:", "p:"))]
    name_of = {token: key for key in names for token in content_tokens(key)}
    concepts = {name_of.get(term[2:], term) if term.startswith("t:") else term[2:] for term in common}
    return len(concepts)


def score_stories(
    terms: Sequence[StoryTermWeight],
    shared: Mapping[int, Mapping[str, float]],
    n_stories: int,
    df: Mapping[str, int] | None = None,
) -> list[StoryMatch]:
    """Score candidate stories; ``shared`` maps story id -> {term: weight} for shared terms only.

    ``df`` (term -> active stories carrying it) defaults to counting over ``shared``; the linker
    passes the index's counts, as it reads only the best candidates' terms."""
    if df is None:
        counts: dict[str, int] = {}
        for story_terms in shared.values():
            for term in story_terms:
                counts[term] = counts.get(term, 0) + 1
        df = counts
    article = {t.term: t.weight for t in terms}
    mass = {term: w * idf(df.get(term, 0), n_stories) for term, w in article.items()}
    speakers = speaker_terms(terms)
    # who speaks is new in a follow-up (the denier, a rival source): it counts when the story
    # shares it, and never dilutes what the article shares with a story
    topical = [m for term, m in mass.items() if term not in speakers]
    if sum(mass.values()) <= 0:
        return []
    matches = []
    for story_id, story_terms in shared.items():
        common = [term for term in story_terms if term in article]
        masses = sorted(topical + [mass[term] for term in common if term in speakers], reverse=True)
        total = sum(masses[:CORE_TERMS])
        gained = sum(
            min(article[term], story_terms[term]) * idf(df.get(term, 1), n_stories) for term in common
        )
        names = sum(min(article[term], story_terms[term]) >= NAME_MIN_WEIGHT for term in common)
        score = min(1.0, gained / total) if total > 0 else 0.0
        matches.append(StoryMatch(story_id, score, tuple(sorted(common)), names, distinct_shared(common)))
    matches.sort(key=lambda m: (-m.score, -m.story_id))  # ties: the newer story
    return matches


def best_story(
    terms: Sequence[StoryTermWeight],
    shared: Mapping[int, Mapping[str, float]],
    n_stories: int,
    min_score: float = JOIN_MIN_SCORE,
    min_shared: int = JOIN_MIN_SHARED,
    min_names: int = JOIN_MIN_NAMES,
    min_distinct: int = JOIN_MIN_DISTINCT,
    df: Mapping[str, int] | None = None,
) -> StoryMatch | None:
    """The story to join, or None to open a new one."""
    for match in score_stories(terms, shared, n_stories, df):
        if (
            match.score >= min_score
            and len(match.shared) >= min_shared
            and match.distinct >= min_distinct
            and match.names >= min_names
        ):
            return match
        if match.score < min_score:
            break
    return None
