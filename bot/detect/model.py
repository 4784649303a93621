"""Frozen value types the detection pipeline produces. No I/O anywhere in ``bot.detect``.

Offsets (``start``/``end``) are character offsets into :attr:`ArticleInput.document`, the title
and the text joined by a blank line, so title and body sentences share one coordinate system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.stance.model import PreparedText


class DisputeKind(StrEnum):
    DENIAL = "denial"
    CONFLICT = "conflict"


class AnalysisStatus(StrEnum):
    """How far the detector got with an article (stored with it, so nothing is redone)."""

    ANALYSED = "analysed"
    NO_FIGURES = "no_figures"  # no figure in the text: the parser never saw it
    NOT_ANALYSED = "not_analysed"  # over the per-article time budget: stored and logged, not retried


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """What the detector reads: an id, a headline and plain text (HTML already stripped)."""

    id: str
    title: str
    text: str

    @property
    def document(self) -> str:
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    @property
    def text_offset(self) -> int:
        """Where ``text`` starts inside ``document``."""
        return len(self.title) + 2 if self.title else 0


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document: the exact text and where it lies."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantity as written, normalised.

    ``value`` is the point value (None for a pure range); ``low``/``high`` bound it once the
    qualifier is applied ("more than 150" → low=150, high=None; "between 10 and 20" → 10, 20).
    """

    span: Span
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None = None
    unit: str | None = None  # "%", "USD", "EUR", ... or None for plain counts


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure put forward by a claimant about something counted."""

    figure: Figure
    counted: str
    claimant: str | None
    sentence: Span
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Denial:
    """A party rejecting a figure, the claim carrying it, or its source's reliability."""

    denier: str
    cue: str
    sentence: Span
    quote: str | None = None
    target_claims: tuple[int, ...] = ()  # indices into Detection.claims


@dataclass(frozen=True, slots=True)
class Dispute:
    """A contested figure: who claims it, who disputes it, how, and both evidence sentences."""

    claim: Claim
    disputed_by: str
    kind: DisputeKind
    dispute_sentence: Span
    quote: str | None = None
    counter_figure: Figure | None = None


@dataclass(frozen=True, slots=True)
class Detection:
    """Everything the detector found in one article."""

    article_id: str
    claims: tuple[Claim, ...] = ()
    denials: tuple[Denial, ...] = ()
    disputes: tuple[Dispute, ...] = field(default=())
    status: AnalysisStatus = AnalysisStatus.ANALYSED
    # The article's named parties, places and things (from the same parse): what story linking
    # reads as evidence of "the same event", so stories never re-parse an article.
    entities: tuple[NamedEntity, ...] = ()
    # The article's story event keys (key, salience), filled in the detector's worker process by
    # bot.pipeline so the write transaction does not compute them; None: not computed yet.
    event_keys: tuple[tuple[str, float], ...] | None = None
    # The article split and cue-tagged for the stance function, also filled in the worker: a
    # story's later article is compared with its earlier claims without tokenising it in the
    # write transaction. None: not computed yet.
    stance_text: PreparedText | None = None


@dataclass(frozen=True, slots=True)
class NamedEntity:
    """A named entity of the article with its spaCy label and how often it is mentioned."""

    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, EVENT, FAC, PRODUCT, LAW ...
    count: int = 1
    in_title: bool = False
