"""The learned decision among related pairs: agree, disagree or discuss.

A multinomial logistic model over general features of a (claim, text) pair: how much of the claim
the text repeats, and which cue words (refutation, denial, doubt, hedging, confirmation, negation;
see :mod:`bot.stance.cues`) appear in the text, in its lead, in the sentences closest to the claim
and in the claim itself. A debunking text disagrees with a plain claim but agrees with a claim that
itself says "hoax", so the text's cue counts are also crossed with the claim's own cue families.
No word of any particular story is a feature. The weights are a small JSON file shipped with the
package (``weights.json``), written by ``bench/fnc1.py --train`` (FNC-1 train split only). Scoring
is plain arithmetic: scikit-learn is needed only to train.
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from bot.errors import StanceError
from bot.stance.model import PreparedClaim, PreparedText, StanceLabel, StanceModel

WEIGHTS_FILE = "weights.json"
LABELS = (StanceLabel.AGREE, StanceLabel.DISAGREE, StanceLabel.DISCUSS)
FAMILIES = ("ref", "deny", "hedge", "doubt", "conf", "neg")
# families of the claim's own cues that turn it against its story ("X is a hoax", "X did not ...")
NEGATIVE_FAMILIES = frozenset({"ref", "deny", "doubt", "neg"})
NEAR_SENTENCES = 3  # the sentences that repeat most of the claim


def _log(n: float) -> float:
    return math.log1p(n)


def vector(
    claim: PreparedClaim, body: PreparedText, coverages: Sequence[float], relatedness: float
) -> dict[str, float]:
    """The model's features for one pair; ``coverages`` is the claim's coverage of each sentence."""
    n = len(body.sentences)
    near_index = sorted(range(n), key=lambda i: -coverages[i])[:NEAR_SENTENCES]
    near = Counter(k for i in near_index for k in body.sentences[i].keys)
    lead = Counter(k for s in body.sentences[:NEAR_SENTENCES] for k in s.keys)
    x: dict[str, float] = {
        "bias": 1.0,
        "rel": relatedness,
        "cov_max": max(coverages, default=0.0),
        "sentences": _log(n),
        "hedge_rate": body.hedge_rate,
        "claim:refutes": float(claim.refutes),
        "claim:negated": float(claim.negated),
        "claim:hedged": float(claim.hedged),
        "claim:question": float("?" in claim.text),
    }
    families: dict[str, float] = {}
    for where, counts in (("B", body.cue_counts), ("L", lead), ("N", near)):
        for family in FAMILIES:
            families[f"{where}:{family}"] = _log(
                sum(v for k, v in counts.items() if k.startswith(family + ":"))
            )
    x.update(families)
    claim_families = {k.split(":", 1)[0] for k in claim.cues} | ({"q"} if "?" in claim.text else set())
    for family in claim_families:
        x[f"h:{family}"] = 1.0
        for name, value in families.items():
            if value:
                x[f"{family}*{name}"] = value
    negative = 1.0 if claim_families & NEGATIVE_FAMILIES else 0.0
    for key, count in body.cue_counts.items():
        x["b:" + key] = _log(count)
        if negative:
            x["x:" + key] = _log(count)
    for key in lead:
        x["l:" + key] = 1.0
    for key in near:
        x["n:" + key] = 1.0
    for key in claim.cues:
        x["h:" + key] = 1.0
    return x


def scores(model: StanceModel, x: Mapping[str, float]) -> dict[StanceLabel, float]:
    """Log-probabilities of the three related labels, plus the model's offsets."""
    z = {label: sum(model.weights[label].get(k, 0.0) * v for k, v in x.items()) for label in LABELS}
    top = max(z.values())
    norm = top + math.log(sum(math.exp(v - top) for v in z.values()))
    return {label: z[label] - norm + model.offsets.get(label, 0.0) for label in LABELS}


def predict(model: StanceModel, x: Mapping[str, float]) -> tuple[StanceLabel, float]:
    """The best label and its probability (before offsets)."""
    s = scores(model, x)
    label = max(LABELS, key=lambda lb: s[lb])
    return label, math.exp(s[label] - model.offsets.get(label, 0.0))


def to_json(model: StanceModel, related_min: float) -> dict[str, Any]:
    return {
        "related_min": related_min,
        "offsets": {str(k): v for k, v in model.offsets.items()},
        "weights": {str(k): dict(sorted(w.items())) for k, w in model.weights.items()},
    }


def from_json(data: Mapping[str, Any]) -> tuple[StanceModel, float]:
    """The model and the relatedness threshold it was trained with."""
    try:
        weights = {
            StanceLabel(k): {str(f): float(v) for f, v in w.items()} for k, w in data["weights"].items()
        }
        offsets = {StanceLabel(k): float(v) for k, v in data.get("offsets", {}).items()}
        if set(weights) != set(LABELS):
            raise ValueError(f"labels {sorted(weights)}")
        return StanceModel(weights, offsets), float(data["related_min"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StanceError(f"stance weights are malformed: {exc}") from exc


@functools.cache
def shipped() -> tuple[StanceModel, float]:
    """The model shipped in the package and its relatedness threshold (read once per process)."""
    try:
        text = resources.files("bot.stance").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    except OSError as exc:
        raise StanceError(f"stance weights {WEIGHTS_FILE} are missing: {exc}") from exc
    return from_json(json.loads(text))


# --- training (needs scikit-learn) -----------------------------------------------------------

C = 0.1  # inverse regularisation: chosen by grouped cross-validation on FNC-1 train


def fit(xs: Sequence[Mapping[str, float]], ys: Sequence[str], c: float = C) -> StanceModel:
    """A model fitted on related pairs (``ys`` among agree/disagree/discuss), without offsets."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    matrix = vec.fit_transform(list(xs))
    lr = LogisticRegression(C=c, max_iter=3000)
    lr.fit(matrix, list(ys))
    names = vec.get_feature_names_out()
    weights: dict[StanceLabel, dict[str, float]] = {}
    for row, label in enumerate(lr.classes_):
        w = {str(name): round(float(v), 4) for name, v in zip(names, lr.coef_[row], strict=True)}
        w = {k: v for k, v in w.items() if v}
        w["bias"] = round(w.get("bias", 0.0) + float(lr.intercept_[row]), 4)
        weights[StanceLabel(str(label))] = w
    return StanceModel(weights)
