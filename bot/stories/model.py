"""Frozen value types of cross-article comparisons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What story grouping and conflict checks need from one stored claim."""

    claimant: str | None
    counted: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None = None
