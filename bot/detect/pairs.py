"""Conflict candidates: pairs of nearby figures that could be two parties' figures for one quantity.

Every pair of attributed figures in the same unit, at most :data:`MAX_GAP` sentences apart, whose
intervals do not overlap is a candidate; nothing here decides. :mod:`bot.detect.learned` scores
the features with trained weights ("the army put the toll at 150, while the group said 2,000" is
a conflict; "31% in Asia, 26% in Europe" is not). The features are general: distance, value
ratio, whether both count the same noun, cue classes of both sentences, different years.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass

from bot.detect.candidates import ArticleCandidates, Candidate, Features
from bot.detect.figures import disjoint
from bot.detect.model import DisputeKind

MAX_GAP = 3  # sentences between the two figures
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# words that set one figure against another ("while", "but", "far higher")
_CONTRAST = re.compile(
    r"\b(?:but|however|while|whereas|although|though|instead|rather|contrary|contradict\w*|"
    r"disput\w*|differ\w*|higher|lower|far more|far fewer)\b",
    re.I,
)
# figure features carried into the pair, for each side
_SIDE_FEATURES = (
    "sent_contrast",
    "sent_estimate",
    "sent_deny",
    "sent_doubt",
    "sent_revise",
    "sent_say",
    "qualified",
    "in_title",
    "quote_in_sentence",
    "estimate_governs",
    "say_governs",
    "denial_governs",
)


@dataclass(frozen=True, slots=True)
class PairCandidate:
    """Two figures (``first`` earlier in the article) and the features of the pair."""

    first: Candidate
    second: Candidate
    features: Features


def _unit(c: Candidate) -> str:
    return c.figure.unit or "count"


def _value(c: Candidate) -> float:
    fig = c.figure
    return abs(fig.value if fig.value is not None else (fig.low or fig.high or 0.0))


def _first_key(f: Features, prefix: str) -> str:
    return next((k for k, v in f.items() if v and k.startswith(prefix)), prefix + "none")


def _rule_pairs(ac: ArticleCandidates) -> frozenset[frozenset[int]]:
    """The figures (by where they start) that the rule detector set against each other."""
    if ac.rules is None:
        return frozenset()
    return frozenset(
        frozenset({d.claim.figure.span.start, d.counter_figure.span.start})
        for d in ac.rules.disputes
        if d.kind is DisputeKind.CONFLICT and d.counter_figure is not None
    )


def _value_features(f: Features, a: Candidate, b: Candidate) -> None:
    va, vb = _value(a), _value(b)
    if va and vb:
        r = abs(math.log10(va / vb))
        f["ratio=" + ("<.3" if r < 0.3 else "<1" if r < 1 else "<2" if r < 2 else ">2")] = 1.0
    f[f"mag={int(math.log10(max(va, vb, 1.0)))}"] = 1.0
    if min(va, vb) <= 10:
        f["small"] = 1.0


def _side_keys(c: Candidate) -> tuple[str, str]:
    """The candidate's noun class and governing cue class, as their feature names."""
    return _first_key(c.features, "noun_class="), _first_key(c.features, "gov_class=")


def _noun_features(f: Features, a: Candidate, b: Candidate, na: str, nb: str) -> None:
    if a.counted and a.counted == b.counted:
        f["same_noun"] = 1.0
    elif not a.counted or not b.counted:
        f["one_noun_missing"] = 1.0
    else:
        f["diff_noun"] = 1.0
    f["noun_class_same" if na == nb else "noun_class_diff"] = 1.0
    f["a:" + na] = 1.0


def pair_features(
    ac: ArticleCandidates,
    a: Candidate,
    b: Candidate,
    rule_pairs: frozenset[frozenset[int]] | None = None,
    sides: dict[int, tuple[str, str]] | None = None,
) -> Features:
    """The pair's features (``rule_pairs``: :func:`_rule_pairs` of ``ac``; ``sides``:
    :func:`_side_keys` of candidates by ``id``; both worked out once per article)."""
    side_a = sides[id(a)] if sides is not None else _side_keys(a)
    side_b = sides[id(b)] if sides is not None else _side_keys(b)
    gap = abs(b.sentence - a.sentence)
    f: Features = {"bias": 1.0, f"gap={gap}": 1.0, f"unit={_unit(a)}": 1.0}
    _value_features(f, a, b)
    _noun_features(f, a, b, side_a[0], side_b[0])
    for side, c, keys in (("a", a, side_a), ("b", b, side_b)):
        for k in _SIDE_FEATURES:
            if c.features.get(k):
                f[f"{side}:{k}"] = 1.0
        f[f"{side}:" + keys[1]] = 1.0
    first, second = ac.sentences[a.sentence].text, ac.sentences[b.sentence].text
    if _CONTRAST.search(second):
        f["b:contrast_word"] = 1.0
    years_a, years_b = set(_YEAR.findall(first)), set(_YEAR.findall(second))
    if years_a and years_b and not years_a & years_b:
        f["years_differ"] = 1.0  # "700 deaths in 2013" against "500 this year"
    if rule_pairs is None:
        rule_pairs = _rule_pairs(ac)
    if frozenset({a.figure.span.start, b.figure.span.start}) in rule_pairs:
        f["rule_pair"] = 1.0
    return f


def conflict_pairs(ac: ArticleCandidates) -> list[PairCandidate]:
    """Every candidate pair of the article, in document order."""
    cs = ac.candidates
    out: list[PairCandidate] = []
    rule_pairs = _rule_pairs(ac)
    sides = {id(c): _side_keys(c) for c in cs}
    sentences = [c.sentence for c in cs]
    # candidates come in document order: the partners of one lie in a run before it, found by
    # bisection (a long article has thousands of figures; every pair would be millions)
    ordered = all(x <= y for x, y in itertools.pairwise(sentences))
    for j, b in enumerate(cs):
        lo = bisect.bisect_left(sentences, b.sentence - MAX_GAP, 0, j) if ordered else 0
        for a in cs[lo:j]:
            if abs(b.sentence - a.sentence) > MAX_GAP or _unit(a) != _unit(b):
                continue
            if not a.claimants or not b.claimants or not disjoint(a.figure, b.figure):
                continue
            out.append(PairCandidate(a, b, pair_features(ac, a, b, rule_pairs, sides)))
    return out
