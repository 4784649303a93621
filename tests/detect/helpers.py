"""Small helpers for detection tests: run the detector on a made-up article."""

from __future__ import annotations

from bot.detect.model import ArticleInput, Detection, Dispute
from bot.detect.rules import rule_detect as detect


def run(text: str, title: str = "", art_id: str = "t1") -> Detection:
    return detect(ArticleInput(art_id, title, text))


def summary(detection: Detection) -> set[tuple[float | None, str | None, str, str]]:
    """(value, claimant, disputed_by, kind) of every dispute."""
    return {(d.claim.figure.value, d.claim.claimant, d.disputed_by, d.kind.value) for d in detection.disputes}


def conflict(
    value: float, party: str, other_value: float, other: str
) -> set[tuple[float | None, str | None, str, str]]:
    """A conflict as :func:`summary` gives it: reported both ways, each party disputing the other."""
    return {(value, party, other, "conflict"), (other_value, other, party, "conflict")}


def only(detection: Detection) -> Dispute:
    assert len(detection.disputes) == 1, summary(detection)
    return detection.disputes[0]
