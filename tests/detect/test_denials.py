from bot.detect import lexicon as lx
from bot.detect.claimants import find_cues
from bot.detect.denials import DenialHit, find_denials
from bot.detect.entities import Entities, capitalised_chunks
from bot.detect.figures import find_figures
from bot.detect.sentences import split_sentences


def hits(doc: str) -> list[DenialHit]:
    sentences = split_sentences(doc)
    entities = Entities([m for s in sentences for m in capitalised_chunks(s)])
    out: list[DenialHit] = []
    for s in sentences:
        out.extend(find_denials(s, find_figures(s), find_cues(s, entities), entities, None))
    return out


def test_cue_in_a_quote_takes_the_speaker_of_the_quote() -> None:
    (h,) = hits('"That estimate is simply baseless," Defence Ministry spokesman Paul Arden said on Monday.')
    assert h.cue == "baseless"
    assert h.denier == "Defence Ministry spokesman Paul Arden"
    assert "That estimate" in h.target_text


def test_cue_in_reported_speech() -> None:
    (h,) = hits("The regional governor said the casualty figures were inflated.")
    assert h.kind == "predicate"
    assert h.denier == "The regional governor"
    assert "casualty figures" in h.target_text


def test_denying_verbs_with_claim_objects() -> None:
    found = hits(
        "The Kremlin rejected the report. The airline disputed the union's figures. "
        "The mayor questioned the estimate. Prosecutors denied that any files were lost."
    )
    assert [(h.cue, h.denier) for h in found] == [
        ("rejected", "The Kremlin"),
        ("disputed", "The airline"),
        ("questioned", "The mayor"),
        ("denied", "Prosecutors"),
    ]


def test_reject_dismiss_question_need_a_claim_noun_object() -> None:
    assert (
        hits("The court dismissed 40 cases. The coach questioned the referee. He rejected the offer.") == []
    )


def test_passive_denial_names_the_agent() -> None:
    (h,) = hits("The claim was flatly denied by the Ministry of Energy.")
    assert (h.kind, h.denier) == ("passive", "the Ministry of Energy")


def test_negated_denial_and_questions_and_hedges_are_not_denials() -> None:
    doc = "The firm has not denied the report. Is the number false? The analyst said the video may be a hoax."
    assert hits(doc) == []


def test_attributive_false_is_the_writers_word_not_a_denial() -> None:
    assert hits("The hotline received 300 false alarms. The fake story spread widely, the site said.") == []


def test_negated_figure_in_reported_speech() -> None:
    (h,) = hits("The striker told reporters he did not receive $2 million from the club.")
    assert h.kind == "negation"
    assert h.denier == "The striker"
    assert h.figure is not None
    assert h.figure.value == 2_000_000


def test_not_confirming_is_not_denying() -> None:
    assert hits("Officials said they had not confirmed the 30 arrests.") == []


def test_no_evidence_phrase_and_lexicon_are_typed_sets() -> None:
    (h,) = hits("The inspector said there was no evidence that 50 tonnes were dumped.")
    assert h.cue == "no evidence"
    assert "50 tonnes" in h.target_text
    assert "false" in lx.FALSE_WORDS
    assert "rejected" in lx.OBJECT_DENY_VERBS
