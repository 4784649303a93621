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
