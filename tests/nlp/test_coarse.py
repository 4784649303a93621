"""The attribute ruler's parts of speech without running it: same answers as the ruler itself."""

from __future__ import annotations

import pytest

from bot.nlp import analyse, analyse_spans, load_pipeline
from bot.nlp.base import coarse_rules
from bot.nlp.coarse import CoarseRules, UnsupportedPattern

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker.
pytestmark = pytest.mark.xdist_group("spacy")

# words and constructions the ruler treats specially: "that" as a relative pronoun or a
# conjunction, "there is", auxiliaries, "but" as an adverb, doubled spaces, a leading space
TEXTS = (
    "There were 300 boats in the harbour that morning, but only 12 of them had  licences.",
    "The ministry said that it had not counted them, and the union does say so.",
    " Those who have been waiting say they were told nothing; nobody has done anything yet.",
    "If the figure is right, all but one of the 45 stalls will have been closed by Friday.",
)


def test_parts_of_speech_match_the_attribute_ruler() -> None:
    nlp = load_pipeline()
    rules = coarse_rules(nlp)
    assert rules is not None
    for text in TEXTS:
        ruled = nlp(text, disable=["lemmatizer"])
        raw = nlp(text, disable=["lemmatizer", "attribute_ruler"])
        got = rules.apply([(t.tag_, t.lower_, t.dep_, t.is_space) for t in raw])
        assert got == [(t.pos_, t.tag_, t.dep_) for t in ruled]


def test_the_fast_path_gives_the_full_analysis_apart_from_lemmas() -> None:
    for text in TEXTS:
        full = analyse(text)
        fast = analyse_spans(text, [(0, len(text))], lemmas=False)
        assert [(t.text, t.pos, t.tag, t.dep, t.head, t.ent) for t in fast.tokens] == [
            (t.text, t.pos, t.tag, t.dep, t.head, t.ent) for t in full.tokens
        ]
        assert fast.entities == full.entities
        assert all(t.lemma == t.text.lower() for t in fast.tokens)


def test_a_lemma_function_is_applied_to_word_and_tag() -> None:
    text = TEXTS[1]
    got = analyse_spans(text, [(0, len(text))], lemmas=False, lemma_of=lambda w, tag: f"{w}/{tag}")
    said = next(t for t in got.tokens if t.text == "said")
    assert said.lemma == "said/VBD"


def test_later_patterns_win_and_neighbours_are_tested() -> None:
    rules = CoarseRules(
        [
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}, "index": 0},
            {"patterns": [[{"TAG": "NN", "LOWER": "nobody"}]], "attrs": {"POS": "PRON"}, "index": 0},
            {
                "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is"]}}]],
                "attrs": {"POS": "VERB"},
                "index": 1,
            },
            {"patterns": [[{"LOWER": "is"}]], "attrs": {"LEMMA": "be"}, "index": 0},  # not read: ignored
        ]
    )
    tokens = [("EX", "there", "expl", False), ("VBZ", "is", "ROOT", False), ("NN", "nobody", "attr", False)]
    assert rules.apply(tokens) == [("", "EX", "expl"), ("VERB", "VBZ", "ROOT"), ("PRON", "NN", "attr")]
    # without the expletive before it, "is" keeps no part of speech from these rules
    assert rules.apply(tokens[1:2]) == [("", "VBZ", "ROOT")]


def test_a_pattern_testing_other_attributes_is_refused() -> None:
    with pytest.raises(UnsupportedPattern):
        CoarseRules([{"patterns": [[{"ENT_TYPE": "ORG"}]], "attrs": {"POS": "PROPN"}, "index": 0}])
