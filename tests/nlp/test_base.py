"""The linguistic base: offsets in the caller's coordinates, spans parsed alone, values picklable."""

from __future__ import annotations

import pickle

import pytest

from bot.nlp import analyse, analyse_spans

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

TEXT = (
    "Flood relief in Orun stalled on Tuesday. The Riverland Monitoring Network said 4,300 people "
    "had died. The health ministry rejected the figure as invented."
)


def test_tokens_and_entities_point_into_the_text() -> None:
    result = analyse(TEXT)
    assert len(result.sentences) == 3
    for tok in result.tokens:
        assert TEXT[tok.start : tok.end] == tok.text
    for ent in result.entities:
        assert TEXT[ent.start : ent.end] == ent.text
    said = next(t for t in result.tokens if t.text == "said")
    assert said.lemma == "say"
    assert said.pos == "VERB"
    rejected = next(t for t in result.tokens if t.text == "rejected")
    subject = [c.text for c in result.children(rejected) if c.dep == "nsubj"]
    assert subject == ["ministry"]


def test_only_the_given_spans_are_parsed_in_document_offsets() -> None:
    second = TEXT.index("The Riverland")
    third = TEXT.index("The health")
    result = analyse_spans(TEXT, [(second, third - 1)])
    assert len(result.sentences) == 1
    assert result.sentences[0].start == second
    assert result.tokens[0].text == "The"
    assert result.tokens[0].start == second
    assert all(second <= t.start < third for t in result.tokens)


def test_text_over_the_cap_is_cut_and_marked() -> None:
    long_text = "The council said 12 homes flooded. " * 40
    result = analyse(long_text, max_chars=200)
    assert result.truncated
    assert max(t.end for t in result.tokens) <= 200


def test_analysis_survives_pickling_for_worker_processes() -> None:
    result = analyse(TEXT)
    assert pickle.loads(pickle.dumps(result)) == result
