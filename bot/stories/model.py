"""Frozen value types of story grouping and cross-article disputes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TermKind(StrEnum):
    PARTY = "party"  # a claimant or denier
    TERM = "term"  # a name or key word of the headline and lead
    FIGURE = "figure"  # a claimed value


@dataclass(frozen=True, slots=True)
class StoryTermWeight:
    term: str
    kind: TermKind
    weight: float


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What story grouping and conflict checks need from one stored claim."""

    claimant: str | None
    counted: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What story grouping reads from one article (its text and what detection stored)."""

    title: str
    text: str
    claims: tuple[ClaimFacts, ...] = ()
    deniers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryMatch:
    story_id: int
    score: float
    shared: tuple[str, ...] = field(default=())
    names: int = 0  # shared names and parties (heavy terms)
    distinct: int = 0  # shared terms, a name and its words counted once
