"""The learned decision among related pairs: agree, disagree or discuss.

Logistic models (one per label) over general features of a (claim, text) pair: how much of the claim
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
NEGATIVE_FAMILIES = frozenset({"ref", "deny", "doubt"})
# doubt words that only join clauses: in a claim they do not turn it negative
_CONNECTIVES = frozenset(
    {"doubt:but", "doubt:however", "doubt:though", "doubt:despite", "doubt:actually", "doubt:in_fact"}
)
NEAR_SENTENCES = 3  # the sentences that repeat most of the claim


def _log(n: float) -> float:
    return math.log1p(n)


def _negative(claim: PreparedClaim) -> bool:
    """The claim speaks against its story: a negated main verb, or a refuting/denying/doubting cue."""
    return (
        claim.main_negated
        or any(k.split(":", 1)[0] in NEGATIVE_FAMILIES and k not in _CONNECTIVES for k in claim.cues)
        or "neg:never" in claim.cues
    )


def _claim_features(claim: PreparedClaim, rules: Mapping[str, float]) -> dict[str, float]:
    x = {
        "claim:refutes": float(claim.refutes),
        "claim:negated": float(claim.negated),
        "claim:hedged": float(claim.hedged),
        "claim:question": float("?" in claim.text),
        "claim:main_negated": float(claim.main_negated),
    }
    for name, value in rules.items():
        x["rule:" + name] = _log(value)
        if claim.refutes or claim.negated:
            x["rule:negclaim*" + name] = _log(value)
    return x


def _family_features(counts: Mapping[str, Mapping[str, int]]) -> dict[str, float]:
    """Per place (B: the body, L: its lead, N: the sentences nearest the claim), the count of each
    cue family."""
    out = {}
    for where, place in counts.items():
        for family in FAMILIES:
            out[f"{where}:{family}"] = _log(sum(v for k, v in place.items() if k.startswith(family + ":")))
    return out


def _crossed(prefix: str, families: Mapping[str, float]) -> dict[str, float]:
    return {f"{prefix}*{name}": value for name, value in families.items() if value}


def vector(
    claim: PreparedClaim,
    body: PreparedText,
    coverages: Sequence[float],
    relatedness: float,
    rules: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The model's features for one pair; ``coverages`` is the claim's coverage of each sentence,
    ``rules`` the cue rules' own counts for the pair (refutations and denials about the claim)."""
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
    }
    x.update(_claim_features(claim, rules or {}))
    families = _family_features({"B": body.cue_counts, "L": lead, "N": near})
    x.update(families)
    # a debunking text disagrees with a plain claim but agrees with one saying "hoax": the text's
    # cues crossed with the claim's own cue families let a linear model see that
    for family in {k.split(":", 1)[0] for k in claim.cues} | ({"q"} if "?" in claim.text else set()):
        x[f"h:{family}"] = 1.0
        x.update(_crossed(family, families))
    negative = _negative(claim)
    if negative:
        x["negclaim"] = 1.0
        x.update(_crossed("negclaim", families))
    for key, count in body.cue_counts.items():
        x["b:" + key] = _log(count)
        if negative:
            x["x:" + key] = _log(count)
    x.update({"l:" + key: 1.0 for key in lead})
    x.update({"n:" + key: 1.0 for key in near})
    x.update({"h:" + key: 1.0 for key in claim.cues})
    for key in set(claim.cues):
        x.update(_crossed("hw:" + key, families))
    return x


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def scores(model: StanceModel, x: Mapping[str, float]) -> dict[StanceLabel, float]:
    """Log-probabilities of the three related labels (one-vs-rest, normalised), plus the offsets."""
    p = {label: _sigmoid(sum(model.weights[label].get(k, 0.0) * v for k, v in x.items())) for label in LABELS}
    total = sum(p.values())
    return {label: math.log(p[label] / total) + model.offsets.get(label, 0.0) for label in LABELS}


def predict(model: StanceModel, x: Mapping[str, float]) -> tuple[StanceLabel, float]:
    """The best label and its probability (before offsets)."""
    s = scores(model, x)
    label = max(LABELS, key=lambda lb: s[lb])
    return label, math.exp(s[label] - model.offsets.get(label, 0.0))


def to_json(model: StanceModel, related_min: float) -> dict[str, Any]:
    return {
        "related_min": related_min,
        "offsets": {str(k): v for k, v in model.offsets.items()},
        "c": model.c,
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
        return StanceModel(weights, offsets, float(data.get("c", 0.0))), float(data["related_min"])
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

C = 0.3  # inverse regularisation (bench/fnc1.py chooses among C_GRID by inner cross-validation)


def fit(xs: Sequence[Mapping[str, float]], ys: Sequence[str], c: float = C) -> StanceModel:
    """A model fitted on related pairs (``ys`` among agree/disagree/discuss), without offsets."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    matrix = vec.fit_transform(list(xs))
    names = vec.get_feature_names_out()
    weights: dict[StanceLabel, dict[str, float]] = {}
    # one binary model per label (one-vs-rest): cross-validated, it found more disagreements than
    # one multinomial model (whose softmax lets the large discuss class dominate)
    for label in LABELS:
        lr = LogisticRegression(C=c, max_iter=3000)
        lr.fit(matrix, [int(y == label.value) for y in ys])
        w = {str(name): round(float(v), 4) for name, v in zip(names, lr.coef_[0], strict=True)}
        w = {k: v for k, v in w.items() if v}
        w["bias"] = round(w.get("bias", 0.0) + float(lr.intercept_[0]), 4)
        weights[label] = w
    return StanceModel(weights, c=c)


def mean(models: Sequence[StanceModel]) -> StanceModel:
    """The model whose weights are the mean of ``models``' (fitted on overlapping samples with one
    C): bagging, which steadies the weights of rare cue words; offsets are left to the caller."""
    if not models:
        raise ValueError("no models to average")
    weights: dict[StanceLabel, dict[str, float]] = {}
    for label in LABELS:
        names = sorted({name for m in models for name in m.weights[label]})
        mean_w = {
            name: round(sum(m.weights[label].get(name, 0.0) for m in models) / len(models), 4)
            for name in names
        }
        weights[label] = {name: v for name, v in mean_w.items() if v or name == "bias"}
    return StanceModel(weights, c=models[0].c)
