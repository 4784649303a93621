"""Frozen views of stored disputes, as the alert decisions and formatters read them (no I/O).

Built from the database by ``bot.storage.evidence``; everything here is plain values so the
alert logic is pure and testable without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Source:
    """One article, as a link with a time."""

    article_id: int
    url: str
    title: str
    published_at: datetime | None
    fetched_at: datetime
    stance: str | None = None  # towards its story's claims: agree/disagree/discuss; None opened it

    @property
    def when(self) -> datetime:
        return self.published_at or self.fetched_at


@dataclass(frozen=True, slots=True)
class DisputeView:
    """One contested figure: the claim, who disputes it, and where both were read."""

    id: int
    story_id: int | None
    kind: str  # denial / conflict
    figure_text: str
    qualifier: str | None
    counted: str
    claimant: str | None
    claim_sentence: str
    disputed_by: str
    quote: str | None
    dispute_sentence: str
    counter_figure: str | None
    counter_claimant: str | None
    claim_source: Source
    dispute_source: Source
    created_at: datetime
    # the figure's numbers and the counter-figure's, for merging repeats of one claim (bot.claims)
    value: float | None = None
    low: float | None = None
    high: float | None = None
    counter_value: float | None = None
    counter_counted: str | None = None
    counter_sentence: str | None = None

    def match_texts(self) -> list[str]:
        """What watched keywords are matched against: headlines, claim sentence, counted, parties."""
        texts = [self.claim_source.title, self.claim_sentence, self.counted, self.disputed_by]
        if self.dispute_source.article_id != self.claim_source.article_id:
            texts.append(self.dispute_source.title)
        texts.extend(t for t in (self.claimant, self.counter_claimant) if t)
        return texts


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """One figure reported in a story (details view)."""

    id: int
    figure_text: str
    qualifier: str | None
    counted: str
    claimant: str | None
    sentence: str
    source: Source
    value: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class StoryView:
    """The alert-worthy disputes of one story (or a single dispute without a story), oldest first."""

    story_id: int | None
    title: str
    disputes: tuple[DisputeView, ...]
    # every figure stated in the story's articles: repeats of a contested claim add their sources
    claims: tuple[ClaimEvidence, ...] = ()

    @property
    def key(self) -> str:
        """Stable identity for dedupe keys: the story, else the lone dispute."""
        return f"s{self.story_id}" if self.story_id is not None else f"d{self.disputes[0].id}"

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for d in self.disputes:
            for s in (d.claim_source, d.dispute_source):
                seen.setdefault(s.url, s)
        return tuple(sorted(seen.values(), key=lambda s: (s.when, s.url)))

    @property
    def newest(self) -> DisputeView:
        return self.disputes[-1]


@dataclass(frozen=True, slots=True)
class DenialEvidence:
    """One party rejecting a figure (details view)."""

    id: int
    denier: str
    quote: str | None
    sentence: str
    source: Source


@dataclass(frozen=True, slots=True)
class StoryEvidence:
    """Everything known about a story, for the Details button and ``/claim <id>``."""

    dispute_id: int
    story_id: int | None
    title: str
    disputes: tuple[DisputeView, ...]
    claims: tuple[ClaimEvidence, ...]
    denials: tuple[DenialEvidence, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class ChatTarget:
    """A subscribed chat as the alert decision sees it."""

    chat_id: int
    scope: str  # "all" or "watched"
    keywords: tuple[str, ...] = ()  # normalised (bot.services.keywords.normalize_keyword)
