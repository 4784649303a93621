"""Named mentions and their resolution: pronouns, epithets, capitalised chunks (sentences written
for these tests)."""

from __future__ import annotations

from bot.detect.entities import Entities, EntityKind, Mention, same_party
from bot.detect.model import Span


def test_pronoun_after_an_epithet_means_the_named_person() -> None:
    entities = Entities(
        [Mention("Duncan Reyes", 5, EntityKind.PERSON), Mention("Nevada Republican", 80, EntityKind.PERSON)]
    )
    assert entities.resolve("he", 200) == "Duncan Reyes"
    assert entities.resolve("The Nevada Republican", 79) == "Duncan Reyes"


def test_a_title_met_before_only_as_itself_resolves_to_itself() -> None:
    # "The mayor says ... The mayor disputed ...": the earlier mention is the title alone
    entities = Entities([Mention("The mayor", 0, EntityKind.PERSON)])
    assert entities.resolve("The mayor", 120) == "The mayor"


def test_pronoun_i_is_not_part_of_a_name() -> None:
    from bot.detect.entities import capitalised_chunks

    text = "I compared it with the Model X I bought in May."
    names = [m.name for m in capitalised_chunks(Span(text, 0, len(text)))]
    assert "Model X I" not in names
    assert "Model X" in names


def test_a_bodys_official_and_a_named_person_of_that_body_are_one_party() -> None:
    from bot.detect.entities import same_party

    assert same_party("Kessel Tourism Ministry official", "Rosa Quint of Kessel's Tourism Ministry")
    assert not same_party("Kessel Tourism Ministry official", "Rosa Quint of the Kessel Police")
    assert not same_party("President of the Republic", "Secretary of State")


def test_one_name_inside_another_counts_only_as_whole_words() -> None:
    from bot.detect.entities import same_party

    assert same_party("the Harbour Board", "Harbour Board chairman Ilse Varga")
    assert not same_party("official", "unofficial sources")
    assert not same_party("Ito", "Itochu Corp")


def test_a_headline_kicker_names_nobody() -> None:
    from bot.detect.entities import capitalised_chunks

    names = [
        m.name for m in capitalised_chunks(Span("EXPOSED: Rally Half the Size Organisers Claimed", 0, 48))
    ]
    assert "EXPOSED" not in names
    # an organisation's label before a colon is still a name
    assert [m.name for m in capitalised_chunks(Span("UNICEF: 300 schools shut", 0, 24))] == ["UNICEF"]


def test_an_acronym_and_the_name_it_abbreviates_are_one_party() -> None:
    assert same_party("the IFRC", "the International Federation of Red Cross")
    assert same_party("Lake Authority of Northern Ontario", "LANO")
    # other initials, or too few of them, are other parties
    assert not same_party("the IFRC", "the International Rescue Committee")
    assert not same_party("the NP", "the National Party of Ruritania")
