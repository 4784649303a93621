"""Conflict candidates and the conflict model (sentences written for these tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.detect.candidates import ArticleCandidates, extract
from bot.detect.learned import OFF, Weights, decide, pair_examples
from bot.detect.model import ArticleInput, DisputeKind
from bot.detect.pairs import conflict_pairs

RIVAL_COUNTS = (
    "Organisers of the rally said 40,000 people marched to the harbour on Sunday.\n\n"
    "Police said only 9,000 people took part in the march."
)
SAME_COUNT_TWICE = (
    "The mayor said 3,200 homes lost power during the storm.\n\n"
    "The utility company also said 3,200 homes were without electricity overnight."
)
DIFFERENT_UNITS = (
    "The charity said 35% of the village's wells were dry.\n\n"
    "The water board said it would spend $2 million on new pumps next year."
)
# silent figure model; parties ranked by "said" governing the figure
PARTIES = {"c:role=say,governs": 3.0, "c:role=say,d=0": 2.0}


def _candidates(text: str) -> ArticleCandidates:
    return extract(ArticleInput("t", "", text))


def _weights(conflict: dict[str, float], threshold: float = 0.5, *, with_rules: bool = True) -> Weights:
    return Weights(
        {"bias": -10.0},
        PARTIES,
        {},
        OFF,
        with_rules=with_rules,
        conflict=conflict,
        conflict_threshold=threshold,
    )


def test_two_parties_figures_for_one_count_are_a_candidate_pair() -> None:
    pairs = conflict_pairs(_candidates(RIVAL_COUNTS))
    values = [(p.first.figure.value, p.second.figure.value) for p in pairs]
    assert values == [(40000, 9000)]
    f = pairs[0].features
    assert f["gap=1"] == 1.0
    assert f["same_noun"] == 1.0  # both count "people"
    assert "small" not in f


@pytest.mark.parametrize("text", [SAME_COUNT_TWICE, DIFFERENT_UNITS])
def test_equal_figures_and_different_units_are_never_pairs(text: str) -> None:
    assert conflict_pairs(_candidates(text)) == []


def test_an_accepted_pair_is_disputed_both_ways_with_the_counter_figure() -> None:
    ac = _candidates(RIVAL_COUNTS)
    det = decide(ac, _weights({"bias": 5.0}, with_rules=False))  # the conflict model alone
    sides = {(d.claim.figure.value, d.claim.claimant, d.disputed_by) for d in det.disputes}
    assert sides == {(40000, "Organisers", "Police"), (9000, "Police", "Organisers")}
    for d in det.disputes:
        assert d.kind is DisputeKind.CONFLICT
        assert d.counter_figure is not None
        assert d.counter_figure.value != d.claim.figure.value
        assert d.dispute_sentence.start <= d.counter_figure.span.start < d.dispute_sentence.end


def test_the_conflict_model_adds_to_the_rules_conflicts() -> None:
    ac = _candidates(RIVAL_COUNTS)
    assert ac.rules is not None
    rules = {(d.claim.figure.value, d.disputed_by) for d in ac.rules.disputes}
    assert rules  # the rules see this one themselves
    rejected = {(d.claim.figure.value, d.disputed_by) for d in decide(ac, _weights({"bias": -5.0})).disputes}
    assert rejected == rules  # a rejected pair takes nothing away ...
    accepted = decide(ac, _weights({"bias": 5.0})).disputes
    assert len(accepted) == len(rules)  # ... and an accepted one the rules found is reported once


def test_one_partys_two_figures_are_not_a_conflict() -> None:
    ac = _candidates(
        "The ministry said 120 schools were damaged by the earthquake.\n\n"
        "The ministry said on Friday that 45 schools had been destroyed."
    )
    assert conflict_pairs(ac)  # a candidate ...
    assert decide(ac, _weights({"bias": 5.0}, with_rules=False)).disputes == ()  # one party: none


def test_the_rule_detectors_pairing_is_a_feature() -> None:
    ac = _candidates(RIVAL_COUNTS)
    assert conflict_pairs(ac)[0].features.get("rule_pair") == 1.0
    silent_rules = replace(ac, rules=None)
    assert "rule_pair" not in conflict_pairs(silent_rules)[0].features


def test_pair_examples_are_positive_only_when_both_figures_are_gold_conflict_figures() -> None:
    ac = _candidates(RIVAL_COUNTS)

    def gold(*values: float, kind: str = "conflict") -> dict[str, object]:
        return {
            "disputes": [
                {"value": v, "alt_values": [], "claimant": ["x"], "disputed_by": ["y"], "kind": kind}
                for v in values
            ]
        }

    assert [y for _, y in pair_examples([(ac, gold(40000, 9000))])] == [1]
    assert [y for _, y in pair_examples([(ac, gold(40000))])] == [0]
    assert [y for _, y in pair_examples([(ac, gold(40000, 9000, kind="denial"))])] == [0]


def test_conflict_weights_survive_the_json_round_trip_and_old_files_load() -> None:
    w = _weights({"bias": 1.5, "same_noun": 0.25}, threshold=0.3)
    back = Weights.from_json(w.to_json())
    assert back == w
    old = {"figure": {}, "claimant": {}, "disputer": {}, "threshold": 0.5}
    assert Weights.from_json(old).conflict == {}
    assert Weights.from_json(old).conflict_threshold == OFF
