"""Candidate extraction: cost bounds before any parsing (sentences written for these tests)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from bot import nlp
from bot.detect import candidates, detect
from bot.detect.candidates import MAX_CHARS, extract
from bot.detect.model import AnalysisStatus, ArticleInput

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

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


def test_parsing_stops_before_a_chunk_that_would_overrun_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    real = nlp.analyse_spans

    def two_seconds_a_chunk(*args: Any, **kwargs: Any) -> Any:
        now[0] += 2.0
        return real(*args, **kwargs)

    monkeypatch.setattr(candidates, "analyse_spans", two_seconds_a_chunk)
    # one paragraph per figure: every sentence run is its own span, so there are many chunks
    text = "\n\n".join(f"Officials said {n} boats were checked in port." for n in range(100, 400))
    got = extract(ArticleInput("slow", "", text), budget=5.0, clock=lambda: now[0])
    assert got.status is AnalysisStatus.NOT_ANALYSED
    assert now[0] == 4.0  # two chunks done; a third would have ended at 6 s, past the budget


def _figure(got: Any, value: float) -> Any:
    return next(c for c in got.candidates if c.figure.value == value)


def test_rival_figures_are_found_near_and_far_without_comparing_every_pair() -> None:
    filler = "The talks went on late into the night at the town hall."
    text = " ".join(
        [
            "The union said 5,000 nurses joined the strike.",
            filler,
            "The health board said 1,200 nurses stayed away from work.",
            *[filler] * 4,
            "A later count by the board found 1,205 nurses had stayed away.",
            "Only 12 wards closed.",
        ]
    )
    got = extract(ArticleInput("rivals", "", text))
    first, second, far = _figure(got, 5000), _figure(got, 1200), _figure(got, 1205)
    assert first.features["other_same_noun_d=2"] == 1.0  # 1,200 nurses two sentences later
    assert second.features["other_same_noun_d=2"] == 1.0
    assert far.features["other_same_noun_d=3+"] == 1.0  # its nearest rival is six sentences back
    # 1,200 and 1,205 are within half a percent of each other: a repeat, not a rival
    assert second.features["repeated"] == far.features["repeated"] == 1.0
    assert first.features["repeated"] == 0.0
    wards = _figure(got, 12)
    assert wards.features["other_same_noun"] == 0.0
    assert wards.features["other_fig_near"] == 1.0  # 1,205 nurses in the sentence before


def test_a_party_giving_another_figure_is_marked_for_both_roles() -> None:
    got = extract(ArticleInput("two-counts", "", CONFLICT))
    organisers_figure = _figure(got, 80000)
    police = [p for p in organisers_figure.disputers if p.name.lower().startswith("police")]
    assert police
    assert police[0].features.get("d:gives_other_figure") == 1.0
    same = [p for p in organisers_figure.claimants if p.name == police[0].name]
    assert same
    assert same[0].features.get("c:gives_other_figure") == 1.0
    # the two roles see one party with the same features under their own prefixes
    assert {k[2:] for k in same[0].features} == {k[2:] for k in police[0].features}


@pytest.mark.slow  # parses a 100,000-character article: seconds
def test_an_article_dense_with_figures_costs_time_linear_in_its_figures() -> None:
    import math
    import time

    def cpu_seconds(figures: int) -> float:
        # one figure a paragraph: 2,400 of them fill 100,000 characters
        text = "\n\n".join(f"Police said {1000 + 7 * n:,} homes lost power." for n in range(figures))
        started = time.process_time()
        got = extract(ArticleInput("dense", "", text), budget=math.inf)
        assert got.status is AnalysisStatus.ANALYSED
        assert len(got.candidates) == figures
        return time.process_time() - started

    # four times the figures cost about four times the CPU; comparing every figure with every
    # other figure and party cost sixteen times (3 s became 24 s). A ratio, not a time: the
    # machine's speed varies by more than 2x from day to day
    small = min(cpu_seconds(600) for _ in range(2))
    assert cpu_seconds(2400) / small < 8


def test_the_last_tenth_of_the_budget_is_left_for_the_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    real = nlp.analyse_spans

    def slow_parse(*args: Any, **kwargs: Any) -> Any:
        now[0] += 4.6  # one chunk ending past 90% of a 5 s budget, still inside the budget
        return real(*args, **kwargs)

    monkeypatch.setattr(candidates, "analyse_spans", slow_parse)
    got = extract(ArticleInput("late", "", CONFLICT), budget=5.0, clock=lambda: now[0])
    # scoring and pairing the figures would end past the budget: the article is not analysed
    assert got.status is AnalysisStatus.NOT_ANALYSED
    now[0] = 0.0
    monkeypatch.setattr(candidates, "analyse_spans", real)
    assert extract(ArticleInput("late", "", CONFLICT), budget=5.0, clock=lambda: now[0]).candidates
