"""Scoring of predicted disputes against labelled articles, with the rules of the reference scorer.

- value: equal to the gold value or an alternative within 0.5 %, or inside the predicted
  [low, high] range;
- names: lower-cased, punctuation dropped, a leading "the" dropped, then one contains the other
  (a predicted name shorter than 3 characters never matches);
- strict = value + claimant + disputed_by; loose = value only;
- precision over all predictions (matching any gold dispute, required or not), recall over the
  required gold disputes; alarm figures per article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")

Row = Mapping[str, Any]


def norm(name: object) -> str:
    text = _SPACE.sub(" ", _PUNCT.sub(" ", str(name or "").lower())).strip()
    return text[4:] if text.startswith("the ") else text


def names_match(predicted: object, aliases: Sequence[str]) -> bool:
    pred = norm(predicted)
    if len(pred) < 3:
        return False
    for alias in aliases:
        gold = norm(alias)
        if gold and (gold in pred or pred in gold):
            return True
    return False


def _as_float(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def value_match(pred: Row, gold: Row) -> bool:
    targets = [gold["value"], *gold.get("alt_values", [])]
    value, low, high = (_as_float(pred.get(k)) for k in ("value", "low", "high"))
    for raw in targets:
        target = float(raw)
        if value is not None and abs(value - target) <= 0.005 * max(abs(target), 1.0):
            return True
        if low is not None and high is not None and low <= target <= high:
            return True
    return False


def strict_match(pred: Row, gold: Row) -> bool:
    return (
        value_match(pred, gold)
        and names_match(pred.get("claimant"), gold["claimant"])
        and names_match(pred.get("disputed_by"), gold["disputed_by"])
    )


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class _Tally:
    pred: int = 0
    correct: int = 0
    required: int = 0
    found: int = 0


@dataclass
class Score:
    articles: int
    strict: dict[str, float | int]
    loose: dict[str, float | int]
    alarm: dict[str, float]
    lines: list[str] = field(default_factory=list)  # misses and false alarms, as the scorer prints

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "strict": self.strict, "loose": self.loose, "alarm": self.alarm}

    def summary(self) -> str:
        return (
            f"strict_f1={self.strict['f1']} loose_f1={self.loose['f1']} "
            f"strict_p={self.strict['precision']} strict_r={self.strict['recall']} "
            f"alarm_precision={self.alarm['precision']:.3f} alarm_recall={self.alarm['recall']:.3f}"
        )


def score(pred_doc: Mapping[str, Any], gold_rows: Sequence[Row]) -> Score:
    preds = {str(a.get("id")): a.get("disputes") or [] for a in pred_doc.get("articles", [])}
    modes: tuple[tuple[str, Callable[[Row, Row], bool]], ...] = (
        ("strict", strict_match),
        ("loose", value_match),
    )
    totals = {name: _Tally() for name, _ in modes}
    tp = fp = fn = 0
    lines: list[str] = []
    for row in gold_rows:
        art_preds = preds.get(str(row["id"]), [])
        golds = row.get("disputes", [])
        for mode, match in modes:
            # the listed misses explain the strict figures, the ones reported first
            lines.extend(_tally(totals[mode], row, art_preds, golds, match, explain=mode == "strict"))
        contested = any(g.get("required", True) for g in golds)
        if art_preds and contested:
            tp += 1
        elif art_preds:
            fp += 1
            lines.append(f"  false alarm on negative article {row['id']}")
        elif contested:
            fn += 1
    out = {mode: _summary(t) for mode, t in totals.items()}
    ap = tp / (tp + fp) if tp + fp else 0.0
    ar = tp / (tp + fn) if tp + fn else 0.0
    return Score(
        len(gold_rows),
        out["strict"],
        out["loose"],
        {"precision": round(ap, 3), "recall": round(ar, 3)},
        lines,
    )


def _tally(
    t: _Tally,
    row: Row,
    art_preds: Sequence[Row],
    golds: Sequence[Row],
    match: Callable[[Row, Row], bool],
    explain: bool,
) -> list[str]:
    """Count one article's predictions and required golds into ``t``; with ``explain``, the
    lines naming each false prediction and each missed gold."""
    lines: list[str] = []
    t.pred += len(art_preds)
    for p in art_preds:
        if any(match(p, g) for g in golds):
            t.correct += 1
        elif explain:
            lines.append(
                f"  false  {row['id']}: {p.get('value')} claimant={p.get('claimant')!r} "
                f"disputed_by={p.get('disputed_by')!r}"
            )
    for g in golds:
        if not g.get("required", True):
            continue
        t.required += 1
        if any(match(p, g) for p in art_preds):
            t.found += 1
        elif explain:
            lines.append(
                f"  missed {row['id']}: {g['value']} ({g.get('counted', '')}) "
                f"claimant={g['claimant'][0]!r} disputed_by={g['disputed_by'][0]!r}"
            )
    return lines


def _summary(t: _Tally) -> dict[str, float | int]:
    p = t.correct / t.pred if t.pred else 0.0
    r = t.found / t.required if t.required else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1(p, r), 3),
        "predicted": t.pred,
        "required": t.required,
    }
