from bot.detect.claimants import claimant_for, find_cues
from bot.detect.entities import Entities, capitalised_chunks
from bot.detect.model import Span
from bot.detect.sentences import split_sentences


def claimants(doc: str) -> list[str | None]:
    """Claimant of the first figure-like token (a digit) in each sentence."""
    sentences = split_sentences(doc)
    entities = Entities([m for s in sentences for m in capitalised_chunks(s)])
    out: list[str | None] = []
    for s in sentences:
        digits = [i for i, ch in enumerate(s.text) if ch.isdigit()]
        if digits:
            out.append(claimant_for(digits[0] + s.start, find_cues(s, entities)))
    return out


def test_reporting_verbs_before_and_after_the_figure() -> None:
    doc = (
        "The Red Hill Clinic said 14 patients were treated. "
        "About 30 homes were damaged, the fire brigade said. "
        "According to the Port Authority, 9 ships were delayed. "
        "Harbour master Ilse Brandt told reporters that 5 cranes failed."
    )
    assert claimants(doc) == [
        "The Red Hill Clinic",
        "the fire brigade",
        "the Port Authority",
        "Harbour master Ilse Brandt",
    ]


def test_inverted_said_and_put_the_toll_at() -> None:
    doc = '"We found 40 bodies," said Captain Joel Mwangi. The Red Crescent put the toll at 65.'
    assert claimants(doc) == ["Captain Joel Mwangi", "The Red Crescent"]


def test_claim_by_and_relative_which_claimed() -> None:
    doc = (
        "Officials rejected a claim by the Tenants Union that 700 flats were empty. "
        "She was quoted by the Weekly Echo, which claimed that she owed 9 banks."
    )
    assert claimants(doc) == ["the Tenants Union", "the Weekly Echo"]


def test_short_mentions_resolve_to_the_full_name_seen_earlier() -> None:
    doc = (
        "The Coastal Observatory for Wildlife has been counting seals since spring. "
        "The observatory said 310 pups were born. "
        "Ranger Dana Whitlock walked the beach. "
        "Whitlock said 12 were injured. "
        "She said 4 had died."
    )
    assert claimants(doc) == [
        "Coastal Observatory for Wildlife",
        "Ranger Dana Whitlock",
        "Ranger Dana Whitlock",
    ]


def test_it_resolves_to_the_last_organisation() -> None:
    doc = "The Valley Water Board published its audit. It said 18 pipes leaked."
    assert claimants(doc)[0] == "Valley Water Board"


def test_participle_takes_the_subject_of_the_sentence() -> None:
    doc = "On Friday, a local blog posted an item claiming 2,000 trees were felled."
    assert claimants(doc) == ["a local blog"]


def test_no_reporting_cue_means_no_claimant() -> None:
    (s,) = split_sentences("The bridge carries 40,000 cars a day.")
    assert find_cues(s, Entities([])) == []
    assert claimant_for(s.start + 19, []) is None


def test_span_offsets_are_document_offsets() -> None:
    doc = "Intro.\n\nThe agency said 7 roads closed."
    sentences = split_sentences(doc)
    assert sentences[1] == Span("The agency said 7 roads closed.", 8, len(doc))


def test_dateline_is_not_part_of_the_speaker() -> None:
    doc = "LISBON -- Port director Ana Sousa said 70 containers were lost."
    assert claimants(doc) == ["Port director Ana Sousa"]


def test_quoted_as_saying_names_the_quoted_party() -> None:
    doc = "About 9 sailors were rescued, the agency quoted the coast guard as saying."
    assert claimants(doc) == ["the coast guard"]


def test_the_role_noun_resolves_to_the_person_named_before() -> None:
    doc = "Senator Maria Lopes spoke on radio. The senator said 300 schools were closing."
    assert claimants(doc) == ["Senator Maria Lopes"]
