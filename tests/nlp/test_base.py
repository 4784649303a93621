"""The linguistic base: offsets in the caller's coordinates, spans parsed alone, values picklable."""

from __future__ import annotations

import pickle
from typing import Any

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


def test_layers_multiply_with_numpy_blas_on_one_thread() -> None:
    from thinc.api import NumpyOps

    from bot.nlp import load_pipeline
    from bot.nlp.base import _blas_threads

    nlp = load_pipeline()
    models: list[Any] = [getattr(c, "model", None) for _, c in nlp.pipeline]
    layers = [n for m in models if hasattr(m, "walk") for n in m.walk()]
    assert layers
    assert all(not n.ops.use_blis for n in layers if isinstance(n.ops, NumpyOps))
    before = [p["num_threads"] for p in _blas_threads().info()]
    seen: list[list[int]] = []
    real = nlp.pipe

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append([p["num_threads"] for p in _blas_threads().info()])
        return real(*args, **kwargs)

    nlp.pipe = spy  # type: ignore[method-assign]
    try:
        analyse_spans(TEXT, [(0, len(TEXT))])
    finally:
        del nlp.pipe
    assert seen
    assert all(n == 1 for n in seen[0])
    assert [p["num_threads"] for p in _blas_threads().info()] == before
