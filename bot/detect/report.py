"""The prediction format of the evaluation (README of the labelled set), built from a Detection."""

from __future__ import annotations

from typing import Any

from bot.detect.model import Detection


def prediction(detection: Detection) -> dict[str, Any]:
    """One article's entry: ``{"id": ..., "disputes": [...]}`` with JSON-ready values."""
    rows: list[dict[str, Any]] = []
    for d in detection.disputes:
        fig = d.claim.figure
        rows.append(
            {
                "value": fig.value,
                "low": fig.low,
                "high": fig.high,
                "qualifier": fig.qualifier,
                "unit": fig.unit,
                "figure_text": fig.span.text,
                "counted": d.claim.counted,
                "event": d.claim.event,
                "claimant": d.claim.claimant,
                "disputed_by": d.disputed_by,
                "kind": d.kind.value,
                "claim_sentence": d.claim.sentence.text,
                "claim_start": d.claim.sentence.start,
                "claim_end": d.claim.sentence.end,
                "dispute_sentence": d.dispute_sentence.text,
                "dispute_start": d.dispute_sentence.start,
                "dispute_end": d.dispute_sentence.end,
                "quote": d.quote,
                "counter_value": d.counter_figure.value if d.counter_figure else None,
            }
        )
    return {"id": detection.article_id, "disputes": rows}
