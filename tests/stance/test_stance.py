"""The stance function on short texts written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.errors import StanceError
from bot.stance import DEFAULT_PARAMS, StanceLabel, stance
from bot.stance.cues import cue_keys
from bot.stance.learned import LABELS as LEARNED_LABELS
from bot.stance.learned import from_json, mean, shipped
from bot.stance.model import StanceModel
from bot.stance.stance import RULE_PARAMS, classify, decide, features, prepare_claim, prepare_text
from bot.stance.text import split_sentences
from bot.stories.linker import LINK_PARAMS

DEBUNK = (
    "A picture shared widely this week claims to show a giant squid stranded on a beach in Oregon. "
    "Marine biologists say the picture is fake: the squid was added with editing software. "
    "The original photograph, taken in 2012, shows an empty beach."
)


def test_unrelated_article() -> None:
    result = stance(
        "Giant squid found stranded on Oregon beach",
        "The city orchestra opened its winter season with a programme of Czech symphonies. "
        "Tickets for the remaining concerts are still on sale.",
    )
    assert result.label is StanceLabel.UNRELATED
    assert result.evidence is None


def test_article_calling_the_claim_fake_disagrees_by_the_rules() -> None:
    # one "fake" beside "claims to show": the cue rules dispute; the learned decision, fitted on
    # FNC-1 where such texts are as often only discussing a rumour, is tested below on a plainer one
    result = stance("Giant squid found stranded on Oregon beach", DEBUNK, RULE_PARAMS)
    assert result.label is StanceLabel.DISAGREE
    assert result.evidence is not None
    assert "fake" in result.evidence.cues
    assert DEBUNK[result.evidence.start : result.evidence.end] == result.evidence.sentence
    assert result.evidence.sentence.startswith("Marine biologists")


def test_refuting_article_agrees_with_a_claim_that_says_false_by_the_rules() -> None:
    result = stance("Photo of giant squid on Oregon beach is fake", DEBUNK, RULE_PARAMS)
    assert result.label is StanceLabel.AGREE


def test_hedged_report_discusses() -> None:
    result = stance(
        "Northfield council approves new tram line",
        "The Northfield council could approve a new tram line next week, according to local media. "
        "Officials have not confirmed the plan, which reportedly costs 40 million euros.",
    )
    assert result.label is StanceLabel.DISCUSS


def test_assertive_report_agrees() -> None:
    result = stance(
        "Northfield council approves new tram line",
        "The Northfield council approved a new tram line on Monday. "
        "Construction of the line starts next spring and the first trams run in 2028.",
    )
    assert result.label is StanceLabel.AGREE
    assert result.evidence is not None
    assert "tram line" in result.evidence.sentence


def test_question_headline_is_discussed_not_disputed() -> None:
    result = stance("Was a giant squid found on an Oregon beach?", DEBUNK)
    assert result.label is StanceLabel.DISCUSS


def test_reported_denial_counts_for_the_linker_but_not_for_fnc1_defaults() -> None:
    claim = "Report: Acme Corp to cut 111,000 jobs"
    article = (
        "Acme Corp denies report of mass job cuts\n\n"
        "The carmaker said on Tuesday that a newspaper story about deep cuts to its workforce had no basis."
    )
    assert stance(claim, article, LINK_PARAMS).label is StanceLabel.DISAGREE
    # FNC-1 tuning found relayed denials too weak a signal on their own
    assert DEFAULT_PARAMS.deny_weight == 0.0


def test_negated_restatement_disputes() -> None:
    result = stance(
        "Acme Corp will close its Leeds factory",
        "Acme Corp will not close its Leeds factory, the chief executive told staff on Friday.",
        LINK_PARAMS,
    )
    assert result.label is StanceLabel.DISAGREE


def test_relatedness_threshold_is_a_parameter() -> None:
    claim = prepare_claim("Flooding closes the Danube ferry at Vienna")
    body = prepare_text("The Danube ferry keeps running despite the rain.")
    f = features(claim, body)
    assert 0 < f.relatedness < 1
    assert decide(f, DEFAULT_PARAMS.__class__(related_min=1.0))[0] is StanceLabel.UNRELATED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two!  Three?", ["One.", "Two!", "Three?"]),
        ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
        ("Title line\n\nBody starts here.", ["Title line", "Body starts here."]),
    ],
)
def test_sentence_split_keeps_offsets(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_linker_ignores_refutation_words_about_something_else() -> None:
    claim = "Acme Motors will cut 111,000 jobs, the Daily Ledger reported"
    article = (
        "Acme Motors confirmed it will cut 111,000 jobs by 2029. "
        "Separately, the carmaker warned customers about a fake discount website using its logo."
    )
    assert stance(claim, article, LINK_PARAMS).label is not StanceLabel.DISAGREE


def test_a_denied_figure_reported_with_hedging_is_disputed_inside_a_story() -> None:
    claim = "Harbor Pharma could lay off 2,500 workers at its Ravel plant, according to the Daily Ledger."
    article = (
        "Harbor Pharma rejects layoff report\n\n"
        "Harbor Pharma rejected a newspaper story that it would shed 2,500 workers at the Ravel plant."
    )
    assert stance(claim, article, LINK_PARAMS).label is StanceLabel.DISAGREE
    # FNC-1 keeps its reading: a hedged claim that the article refutes is only discussed
    assert stance(claim, article, replace(LINK_PARAMS, hedged_claim_discussed=True)).label is (
        StanceLabel.DISCUSS
    )


HOAX = (
    "A story that a zoo in Lisbon let a tiger roam its car park went viral on Monday. "
    "The zoo said the story is a hoax and the photo was doctored. "
    "Its director called the report false and said no animal ever left its enclosure. "
    "The picture was debunked by fact-checkers, who traced it to a satirical website."
)
CONFIRMS = (
    "The Lisbon zoo confirmed on Monday that a tiger left its enclosure and walked into the car park. "
    "Keepers sedated the animal within an hour and nobody was hurt, the zoo said in a statement."
)


def test_learned_decision_disputes_a_claim_the_article_debunks() -> None:
    assert DEFAULT_PARAMS.model is not None
    result = stance("Tiger roams zoo car park in Lisbon", HOAX)
    assert result.label is StanceLabel.DISAGREE
    assert result.evidence is not None
    assert "hoax" in result.evidence.cues


def test_learned_decision_agrees_with_a_claim_that_itself_says_hoax() -> None:
    assert stance("Lisbon zoo tiger story is a hoax", HOAX).label is StanceLabel.AGREE


def test_learned_decision_disputes_a_negated_claim_the_article_confirms() -> None:
    claim = prepare_claim("Tiger did not leave its enclosure at Lisbon zoo")
    assert claim.main_negated
    assert stance(claim.text, CONFIRMS).label is StanceLabel.DISAGREE


def test_main_negation_is_the_main_verbs_not_any_not() -> None:
    assert prepare_claim("Acme will not build the plant in Leeds").main_negated
    assert not prepare_claim("Driver who was not wearing a belt survives crash").main_negated


def test_a_claim_prepared_for_the_rules_alone_decides_as_the_full_one() -> None:
    # the story linker's preparation leaves out the parse and the cue keys: the learned decision
    # reads them, the rules never do
    text = "Acme Motors did not cut 2,000 jobs, the union said, calling the report false"
    full, rules = prepare_claim(text), prepare_claim(text, learned=False)
    assert full.cues
    assert full.main_negated
    assert (rules.cues, rules.main_negated) == ((), False)
    assert replace(full, cues=(), main_negated=False) == rules
    for body in (DEBUNK, CONFIRMS, HOAX, f"Acme Motors cut 2,000 jobs. {DEBUNK}"):
        prepared = prepare_text(body)
        for params in (RULE_PARAMS, LINK_PARAMS):
            assert classify(rules, prepared, params) == classify(
                replace(full, main_negated=False), prepared, params
            )


def test_learned_decision_keeps_the_relatedness_threshold() -> None:
    orchestra = "The city orchestra opened its winter season with Czech symphonies."
    assert stance("Tiger roams zoo car park in Lisbon", orchestra).label is StanceLabel.UNRELATED


def test_cue_keys_name_family_and_stemmed_word() -> None:
    keys = cue_keys("The ministry denied it; critics doubt the figure, which isn't confirmed.")
    assert {"deny:deny", "doubt:doubt", "neg:n't", "conf:confirm"} <= set(keys)


def test_shipped_weights_load_and_malformed_weights_raise() -> None:
    model, related_min = shipped()
    assert set(model.weights) == {StanceLabel.AGREE, StanceLabel.DISAGREE, StanceLabel.DISCUSS}
    assert 0.0 < related_min < 1.0
    with pytest.raises(StanceError):
        from_json({"weights": {"agree": {}}, "related_min": 0.3})


def test_mean_model_averages_weights_and_keeps_c() -> None:
    one = StanceModel({lb: {"bias": 1.0, "B:ref": 2.0} for lb in LEARNED_LABELS}, c=0.2)
    two = StanceModel({lb: {"bias": -1.0, "B:deny": 1.0} for lb in LEARNED_LABELS}, c=0.2)
    both = mean([one, two])
    assert both.c == 0.2
    assert both.offsets == {}
    assert dict(both.weights[StanceLabel.DISAGREE]) == {"bias": 0.0, "B:ref": 1.0, "B:deny": 0.5}
    with pytest.raises(ValueError, match="no models"):
        mean([])
