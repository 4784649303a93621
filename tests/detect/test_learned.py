"""The learned detector: statuses, entities, weights (sentences written for these tests)."""

from __future__ import annotations

import pytest

from bot.detect import candidates, detect
from bot.detect.candidates import extract
from bot.detect.learned import Weights, decide
from bot.detect.model import AnalysisStatus, ArticleInput
from bot.errors import DetectionError

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

CONFLICT = (
    "Organisers of the march said 80,000 people walked through the capital on Saturday.\n\n"
    "Police estimated the crowd at about 15,000, a figure the organisers rejected as far too low."
)


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
