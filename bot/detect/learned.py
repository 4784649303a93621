"""The learned decision: which candidate figures are disputed, by whom, against whom.

Four logistic models over the features of :mod:`bot.detect.candidates` and :mod:`bot.detect.pairs`:
one says whether a figure is contested, one ranks its possible claimants, one its possible
disputers, and one whether two nearby figures are two parties' rival figures for one quantity (a
conflict the rule detector missed; the rules' own pairing is one of its features). Their weights
are a small JSON file shipped with the package (``weights.json``), written by :func:`train`
(``claimwatch train``). Scoring here is plain arithmetic: scikit-learn is needed only to train.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from bot.detect.candidates import TIME_BUDGET, ArticleCandidates, Candidate, Features, Party, extract
from bot.detect.counted import counted_for
from bot.detect.model import (
    AnalysisStatus,
    ArticleInput,
    Claim,
    Denial,
    Detection,
    Dispute,
    DisputeKind,
)
from bot.detect.pairs import conflict_pairs
from bot.detect.scoring import names_match, norm
from bot.detect.text import quoted_text
from bot.errors import DetectionError

WEIGHTS_FILE = "weights.json"
OFF = 1.01  # a threshold no probability reaches: that model reports nothing
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Weights:
    figure: dict[str, float]
    claimant: dict[str, float]
    disputer: dict[str, float]
    threshold: float  # a figure is reported as disputed from this probability on
    party_floor: float = 0.0  # a claimant/disputer needs at least this probability
    with_rules: bool = True  # also report the rule detector's own disputes
    # the conflict model (empty: no conflicts beyond the rule detector's)
    conflict: dict[str, float] = field(default_factory=dict)
    conflict_threshold: float = OFF

    def to_json(self) -> dict[str, Any]:
        return {
            "figure": self.figure,
            "claimant": self.claimant,
            "disputer": self.disputer,
            "threshold": self.threshold,
            "party_floor": self.party_floor,
            "with_rules": self.with_rules,
            "conflict": self.conflict,
            "conflict_threshold": self.conflict_threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Weights:
        try:
            return cls(
                {str(k): float(v) for k, v in data["figure"].items()},
                {str(k): float(v) for k, v in data["claimant"].items()},
                {str(k): float(v) for k, v in data["disputer"].items()},
                float(data["threshold"]),
                float(data.get("party_floor", 0.0)),
                bool(data.get("with_rules", True)),
                {str(k): float(v) for k, v in data.get("conflict", {}).items()},
                float(data.get("conflict_threshold", OFF)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DetectionError(f"detector weights are malformed: {exc}") from exc


@functools.cache
def shipped_weights() -> Weights:
    """The weights shipped in the package (read once per process)."""
    try:
        text = resources.files("bot.detect").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    except OSError as exc:
        raise DetectionError(f"detector weights {WEIGHTS_FILE} are missing: {exc}") from exc
    return Weights.from_json(json.loads(text))


def _prob(w: dict[str, float], x: Features) -> float:
    z = sum(w.get(k, 0.0) * v for k, v in x.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _same(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    return bool(na and nb) and (na in nb or nb in na)


def _best(
    parties: tuple[Party, ...], w: dict[str, float], avoid: str | None = None
) -> tuple[Party | None, float]:
    scored = [(p, _prob(w, p.features)) for p in parties if not (avoid and _same(p.name, avoid))]
    if not scored:
        return None, 0.0
    return max(scored, key=lambda x: x[1])


_DENY_CUE = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|disput\w*|reject\w*|refut\w*|contradict\w*|contest\w*|challeng\w*|"
    r"question\w*|doubt\w*|dismiss\w*|debunk\w*|exaggerat\w*|inflat\w*|overstat\w*|false|untrue|wrong|"
    r"inaccurate|misleading|baseless|bogus|fake|incorrect|unfounded|propaganda|hoax|lies?)\b",
    re.I,
)


def decide(ac: ArticleCandidates, w: Weights) -> Detection:
    """The Detection of an article from its candidates and the weights."""
    claims: list[Claim] = []
    found: list[tuple[Claim, Party, DisputeKind]] = []
    seen: set[tuple[float | None, str, str]] = set()
    for c in sorted(ac.candidates, key=lambda c: c.figure.span.start):
        p = _prob(w.figure, c.features)
        claimant, pc = _best(c.claimants, w.claimant)
        sentence = ac.sentences[c.sentence]
        # the counted thing as written ("containers destroyed"), from the figure's own sentence
        counted = counted_for(sentence, c.figure)
        claim = Claim(
            c.figure,
            counted.phrase or c.counted,
            claimant.name if claimant else None,
            sentence,
            counted.event,
        )
        claims.append(claim)
        if p < w.threshold or claimant is None or pc < w.party_floor:
            continue
        disputer, pd = _best(c.disputers, w.disputer, avoid=claimant.name)
        if disputer is None or pd < w.party_floor:
            continue
        key = (c.figure.value, norm(claimant.name), norm(disputer.name))
        if key in seen:
            continue
        seen.add(key)
        kind = DisputeKind.CONFLICT if disputer.features.get("d:gives_other_figure") else DisputeKind.DENIAL
        found.append((claim, disputer, kind))
    disputes: list[Dispute] = []
    denials: list[Denial] = []
    for claim, disputer, kind in found:
        where = ac.sentences[disputer.sentence]
        quote = quoted_text(where.text)
        disputes.append(Dispute(claim, disputer.name, kind, where, quote))
        cue = _DENY_CUE.search(where.text)
        if kind is DisputeKind.DENIAL:
            denials.append(
                Denial(
                    disputer.name,
                    cue.group().lower() if cue else "disputed",
                    where,
                    quote,
                    (claims.index(claim),),
                )
            )
    disputes.extend(_conflicts(ac, w, {c.figure.span.start: c for c in claims}, seen))
    if w.with_rules and ac.rules is not None:
        # the rules' conflicts stay: cross-validated, replacing them with the conflict model's
        # lost more (FNC-1, dev, the frozen check set) than it saved on CNN's false alarms
        _add_rules(ac.rules, claims, denials, disputes)
    return Detection(ac.article_id, tuple(claims), tuple(denials), tuple(disputes), ac.status, ac.entities)


def _conflicts(
    ac: ArticleCandidates,
    w: Weights,
    by_start: dict[int, Claim],
    seen: set[tuple[float | None, str, str]],
) -> list[Dispute]:
    """Both sides of every pair the conflict model accepts, each disputed by the other's party."""
    out: list[Dispute] = []
    if not w.conflict:
        return out
    for pc in conflict_pairs(ac):
        if _prob(w.conflict, pc.features) < w.conflict_threshold:
            continue
        a, b = by_start[pc.first.figure.span.start], by_start[pc.second.figure.span.start]
        party_a, party_b = a.claimant or "", b.claimant or ""
        if not party_a or not party_b or _same(party_a, party_b):
            continue  # one party's two figures are a revision or two quantities, not a conflict
        for claim, other, by in ((a, b, party_b), (b, a, party_a)):
            key = (claim.figure.value, norm(claim.claimant or ""), norm(by))
            if key in seen:
                continue
            seen.add(key)
            where = other.sentence
            out.append(Dispute(claim, by, DisputeKind.CONFLICT, where, quoted_text(where.text), other.figure))
    return out


def _add_rules(rules: Detection, claims: list[Claim], denials: list[Denial], disputes: list[Dispute]) -> None:
    """Report the rule detector's findings too: on unseen news the two find different disputes
    (see the cross-validated figures). A dispute both found is reported once, as the rules word
    it (their names are the fuller ones, and their denials point at them)."""
    learned = list(range(len(disputes)))
    for d in rules.disputes:
        twin = next(
            (
                n
                for n in learned
                if disputes[n].claim.figure.value == d.claim.figure.value
                and _same(disputes[n].claim.claimant or "", d.claim.claimant or "")
                and _same(disputes[n].disputed_by, d.disputed_by)
            ),
            None,
        )
        if twin is None:
            disputes.append(d)
        else:
            disputes[twin] = d
            learned.remove(twin)
    by_start = {c.figure.span.start: n for n, c in enumerate(claims)}
    # claims a remaining learned dispute is about stay as the models attributed them
    kept = {id(disputes[n].claim) for n in learned}
    for claim in rules.claims:
        n = by_start.get(claim.figure.span.start)
        if n is None:
            by_start[claim.figure.span.start] = len(claims)
            claims.append(claim)
        elif id(claims[n]) not in kept:
            # the rules' attribution of a figure is the listed one (it leaves a claim
            # unattributed rather than guess)
            claims[n] = claim
    # a learned denial stays only beside its own (not replaced) dispute, and only once
    denials[:] = [
        x
        for x in denials
        if any(
            disputes[n].disputed_by == x.denier and disputes[n].dispute_sentence == x.sentence
            for n in learned
        )
        and not any(r.sentence == x.sentence for r in rules.denials)
    ]
    for den in rules.denials:
        targets = tuple(
            by_start[rules.claims[i].figure.span.start] for i in den.target_claims if i < len(rules.claims)
        )
        denials.append(Denial(den.denier, den.cue, den.sentence, den.quote, targets))


def detect_with(article: ArticleInput, weights: Weights) -> Detection:
    return decide(extract(article), weights)


def detect(article: ArticleInput) -> Detection:
    """Find every disputed figure in ``article`` (offsets are into ``article.document``)."""
    if not isinstance(article.text, str) or not isinstance(article.title, str):
        raise DetectionError(f"article {article.id!r}: title and text must be strings")
    detection = decide(extract(article), shipped_weights())
    if detection.status is AnalysisStatus.NOT_ANALYSED:
        log.warning("article %r not analysed: over the %.0f s detection budget", article.id, TIME_BUDGET)
    return detection


# --- training (needs scikit-learn) -----------------------------------------------------------


def _gold_figures(c: Candidate, golds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gold disputes whose figure ``c``'s figure matches, by the scorer's value rule."""
    from bot.detect.scoring import value_match

    pred = {"value": c.figure.value, "low": c.figure.low, "high": c.figure.high}
    return [g for g in golds if value_match(pred, g)]


def _labels(c: Candidate, golds: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    matched = _gold_figures(c, golds)
    reachable = bool(matched) and any(
        any(names_match(p.name, g["claimant"]) for p in c.claimants)
        and any(names_match(p.name, g["disputed_by"]) for p in c.disputers)
        for g in matched
    )
    return matched, reachable


def _party_match(name: str, aliases: list[str]) -> bool:
    """A training label: the scorer's match, but not a bare adjective inside a longer alias
    ("French" inside "French police"), which would teach the models to pick nationalities."""
    if not names_match(name, aliases):
        return False
    pred = norm(name)
    return (
        any(norm(a) in pred for a in aliases if norm(a))
        or " " in pred
        or (not pred.istitle() and pred[:1].islower())
        or not any(pred == norm(a).split()[0] and len(norm(a).split()) > 1 for a in aliases)
    )


def examples(
    data: list[tuple[ArticleCandidates, dict[str, Any]]],
) -> tuple[list[tuple[Features, int]], list[tuple[Features, int]], list[tuple[Features, int]]]:
    """Training examples of the three models, labelled by the reference matching rules."""
    fig: list[tuple[Features, int]] = []
    cla: list[tuple[Features, int]] = []
    dis: list[tuple[Features, int]] = []
    for ac, row in data:
        golds = list(row.get("disputes") or [])
        for c in ac.candidates:
            matched, reachable = _labels(c, golds)
            fig.append((c.features, int(reachable)))
            if not matched:
                continue
            yc = [int(any(_party_match(p.name, g["claimant"]) for g in matched)) for p in c.claimants]
            if any(yc):
                cla.extend((p.features, y) for p, y in zip(c.claimants, yc, strict=True))
            yd = [int(any(_party_match(p.name, g["disputed_by"]) for g in matched)) for p in c.disputers]
            if any(yd):
                dis.extend((p.features, y) for p, y in zip(c.disputers, yd, strict=True))
    return fig, cla, dis


def _fit(rows: list[tuple[Features, int]], c: float, balanced: bool = False) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    ys = [y for _, y in rows]
    if len(set(ys)) < 2:
        return {"bias": -3.0 if not any(ys) else 3.0}
    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in rows])
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
    model.fit(x, ys)
    out = {
        name: round(float(wt), 5)
        for name, wt in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
    }
    out = {k: v for k, v in out.items() if v}
    # the intercept rides on the constant "bias" feature every example carries
    bias_key = next((k for k in out if k.endswith("bias")), "bias")
    out[bias_key] = round(out.get(bias_key, 0.0) + float(model.intercept_[0]), 5)
    return out


def pair_examples(data: list[tuple[ArticleCandidates, dict[str, Any]]]) -> list[tuple[Features, int]]:
    """Conflict-model examples: a pair is positive when both figures are gold conflict figures."""
    out: list[tuple[Features, int]] = []
    for ac, row in data:
        golds = [g for g in row.get("disputes") or [] if g.get("kind") == "conflict"]
        for pc in conflict_pairs(ac):
            both = all(_gold_figures(c, golds) for c in (pc.first, pc.second))
            out.append((pc.features, int(both)))
    return out


C_FIGURE = 1.0
C_PARTY = 1.0
C_CONFLICT = 0.3
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, OFF)
CONFLICT_THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, OFF)


def fit(
    data: list[tuple[ArticleCandidates, dict[str, Any]]],
    threshold: float = 0.5,
    conflict_threshold: float = 0.2,
) -> Weights:
    fig, cla, dis = examples(data)
    return Weights(
        _fit(fig, C_FIGURE),
        _fit(cla, C_PARTY),
        _fit(dis, C_PARTY),
        threshold,
        conflict=_fit(pair_examples(data), C_CONFLICT),
        conflict_threshold=conflict_threshold,
    )


def _choose_thresholds(
    data: list[tuple[ArticleCandidates, dict[str, Any]]], groups: list[str]
) -> tuple[float, float]:
    """The figure and conflict thresholds with the best strict F1 over an inner grouped 3-fold
    split of the training data (OFF among them: a model that does not help is switched off)."""
    from bot.detect.folds import grouped_folds
    from bot.detect.report import prediction
    from bot.detect.scoring import score

    folds = grouped_folds(groups, 3, seed="inner")
    grid = [(t, tc) for t in THRESHOLDS for tc in CONFLICT_THRESHOLDS]
    preds: dict[tuple[float, float], list[dict[str, Any]]] = {g: [] for g in grid}
    rows: list[dict[str, Any]] = []
    for f in range(3):
        w = fit([d for d, k in zip(data, folds, strict=True) if k != f])
        for ac, row in (d for d, k in zip(data, folds, strict=True) if k == f):
            rows.append(row)
            for t, tc in grid:
                preds[(t, tc)].append(prediction(decide(ac, replace(w, threshold=t, conflict_threshold=tc))))
    return max(grid, key=lambda g: (float(score({"articles": preds[g]}, rows).strict["f1"]), -g[0], -g[1]))


def train_on(data: list[tuple[ArticleCandidates, dict[str, Any]]], groups: list[str]) -> Weights:
    threshold, conflict_threshold = _choose_thresholds(data, groups)
    return fit(data, threshold, conflict_threshold)


def train(items: list[Any]) -> Weights:
    """Weights trained on labelled items (``bot.cli.labelled.Labelled``)."""
    data = [(extract(i.article, budget=math.inf), i.row) for i in items]
    return train_on(data, [i.group for i in items])


def cross_validate(items: list[Any], folds: list[int]) -> list[dict[str, Any]]:
    """Out-of-fold predictions for every item: train on the other folds, predict this one."""
    from bot.detect.report import prediction

    cands = [extract(i.article, budget=math.inf) for i in items]
    out: list[dict[str, Any] | None] = [None] * len(items)
    for f in sorted(set(folds)):
        idx_train = [n for n, k in enumerate(folds) if k != f]
        w = train_on([(cands[n], items[n].row) for n in idx_train], [items[n].group for n in idx_train])
        for n, k in enumerate(folds):
            if k == f:
                out[n] = prediction(decide(cands[n], w))
    return [p for p in out if p is not None]


def save(weights: Weights, path: Path) -> None:
    path.write_text(json.dumps(weights.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8")


__all__ = ["AnalysisStatus", "Weights", "decide", "detect", "detect_with", "shipped_weights", "train"]
