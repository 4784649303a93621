"""The learned detector: cost bounds, statuses, entities, weights (sentences written for these tests)."""

from __future__ import annotations

import itertools

import pytest

from bot.detect import candidates, cues, detect
from bot.detect.candidates import MAX_CHARS, extract
from bot.detect.learned import Weights, decide
from bot.detect.model import AnalysisStatus, ArticleInput
from bot.errors import DetectionError

CONFLICT = (
    "Organisers of the march said 80,000 people walked through the capital on Saturday.\n\n"
    "Police estimated the crowd at about 15,000, a figure the organisers rejected as far too low."
)


def test_an_article_without_figures_never_reaches_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the parser was called")

    monkeypatch.setattr(candidates, "analyse_spans", refuse)
    det = detect(ArticleInput("a", "Council debates library hours", "The mayor denied everything again."))
    assert det.status is AnalysisStatus.NO_FIGURES
    assert det.disputes == ()
    assert det.entities == ()


def test_an_article_over_its_time_budget_is_not_analysed() -> None:
    ticks = itertools.count(0.0, 10.0)  # every look at the clock is ten seconds later
    got = extract(ArticleInput("b", "", CONFLICT), budget=5.0, clock=lambda: next(ticks))
    assert got.status is AnalysisStatus.NOT_ANALYSED
    assert got.candidates == ()


def test_only_the_first_hundred_thousand_characters_are_read() -> None:
    filler = "The committee met again and talked at length about the weather. " * (MAX_CHARS // 60)
    text = filler + "\n\nOfficials said 4,000 homes were flooded."
    assert len(text) > MAX_CHARS
    got = extract(ArticleInput("c", "", text))
    assert got.status is AnalysisStatus.NO_FIGURES  # the only figure lies past the cap


def test_entities_carry_counts_and_headline_presence() -> None:
    det = detect(
        ArticleInput(
            "d",
            "Norland ministry disputes refugee count",
            "The Norland Refugee Council said 12,000 people had crossed the border. "
            "The Norland Refugee Council repeated the figure on Monday, but the Interior Ministry of "
            "Norland called it exaggerated.",
        )
    )
    assert det.status is AnalysisStatus.ANALYSED
    names = {(e.text, e.label): e for e in det.entities}
    council = names.get(("The Norland Refugee Council", "ORG")) or names.get(
        ("Norland Refugee Council", "ORG")
    )
    assert council is not None
    assert council.count == 2
    assert not council.in_title
    assert any(e.in_title for e in det.entities)
    assert all(e.label in candidates.NAMED_LABELS for e in det.entities)


def test_weights_decide_and_a_zero_model_reports_nothing() -> None:
    ac = extract(ArticleInput("e", "", CONFLICT))
    assert {c.figure.value for c in ac.candidates} >= {80000, 15000}
    silent = Weights({"bias": -10.0}, {}, {}, 0.5, with_rules=False)
    assert decide(ac, silent).disputes == ()
    # with the rule detector's disputes reported alongside, a silent model still reports those
    rules = {(d.claim.figure.value, d.disputed_by) for d in ac.rules.disputes} if ac.rules else set()
    alongside = decide(ac, Weights({"bias": -10.0}, {}, {}, 0.5, with_rules=True))
    assert {(d.claim.figure.value, d.disputed_by) for d in alongside.disputes} == rules
    eager = Weights({"bias": 10.0}, {"c:role=say,governs": 5.0}, {"d:role=deny": 5.0}, 0.5)
    det = decide(ac, eager)
    assert det.disputes
    for d in det.disputes:
        assert d.claim.claimant
        assert d.disputed_by
        assert d.claim.claimant != d.disputed_by


def test_the_shipped_weights_find_both_sides_of_a_plain_conflict() -> None:
    text = "Organisers said 50,000 people marched on Sunday.\n\nPolice said only 12,000 people took part."
    got = {(d.claim.claimant, d.disputed_by) for d in detect(ArticleInput("f", "", text)).disputes}
    assert len(got) == 2
    for claimant, disputer in got:
        assert (disputer, claimant) in got  # each side disputed by the other


def test_the_shipped_weights_find_a_denied_figure_with_its_counter_figure() -> None:
    text = (
        "The health ministry said 300 people had died.\n\n"
        "Rebel leaders denied the figure, saying more than 2,000 people were killed."
    )
    got = {(d.claim.figure.value, d.disputed_by) for d in detect(ArticleInput("f", "", text)).disputes}
    assert (300, "Rebel leaders") in got


def test_an_ordinary_article_with_figures_raises_no_alarm() -> None:
    text = (
        "The city council approved a budget of $4.2 million for new cycle lanes on Tuesday.\n\n"
        "Work on the first 12 kilometres will start in May, the council said."
    )
    assert detect(ArticleInput("g", "", text)).disputes == ()


def test_malformed_weights_are_a_clear_error() -> None:
    with pytest.raises(DetectionError, match="malformed"):
        Weights.from_json({"figure": {"bias": "high"}, "claimant": {}, "disputer": {}, "threshold": 0.5})
    with pytest.raises(DetectionError, match="malformed"):
        Weights.from_json({"figure": {}})


@pytest.mark.parametrize(
    ("word", "tag", "base"),
    [
        ("denied", "VBD", "deny"),
        ("disputes", "VBZ", "dispute"),
        ("estimated", "VBN", "estimate"),
        ("said", "VBD", "say"),
        ("rejecting", "VBG", "reject"),
        ("officials", "NNS", "official"),
        ("press", "NN", "press"),
    ],
)
def test_lemmas_for_the_cue_lists(word: str, tag: str, base: str) -> None:
    assert cues.lemma(word, tag) == base
