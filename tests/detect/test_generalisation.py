"""General reporting shapes added for unseen articles (every sentence written for these tests)."""

from __future__ import annotations

from bot.detect.figures import find_figures
from bot.detect.model import Span

from .helpers import run, summary


def _pairs(text: str) -> set[tuple[float | None, str | None, str]]:
    return {(v, c, by) for v, c, by, _ in summary(run(text))}


# --- denials carried by the noun "denial" ------------------------------------------------------


def test_denial_from_a_party() -> None:
    text = (
        "The Harbor Times reported that 3,000 fish died in the lagoon last week.\n\n"
        "The claim drew a flat denial from the city's water authority."
    )
    assert _pairs(text) == {(3000, "The Harbor Times", "the city's water authority")}


def test_possessive_denial() -> None:
    text = (
        "Local activists said 600 families were evicted from the estate.\n\n"
        "The housing ministry's denial came hours later."
    )
    assert _pairs(text) == {(600, "Local activists", "The housing ministry")}


def test_issued_a_denial_of_the_figure() -> None:
    text = (
        "Activists told reporters that 250 villagers had been displaced by the dam.\n\n"
        "The province's governor issued a flat denial of the figure."
    )
    assert _pairs(text) == {(250, "Activists", "The province's governor")}


def test_denials_from_all_sides_names_the_parties_after_the_dash() -> None:
    text = (
        "The blogger Sam Ortiz wrote that 14 jets had vanished from the airfield.\n\n"
        "The story met with denials from all sides — the air force, the airport operator and the ministry."
    )
    got = _pairs(text)
    assert {(v, c) for v, c, _ in got} == {(14, "The blogger Sam Ortiz")}
    assert all(by.startswith("the air force") for _, _, by in got)


def test_denial_noun_without_a_party_or_negated_reports_nothing() -> None:
    claim = "Activists told reporters that 250 villagers had been displaced by the dam.\n\n"
    assert run(claim + "The province's governor issued no denial.").disputes == ()
    assert run(claim + "Critics said the governor was in denial.").disputes == ()
    assert run(claim + "Visa denials rose sharply this year.").disputes == ()


# --- "called it a hoax", "made up", fact-checkers ---------------------------------------------------


def test_called_it_a_hoax_answers_the_sentence_before() -> None:
    text = (
        "A satirical site said 12 tourists were eaten by sharks off the pier.\n\nThe mayor called it a hoax."
    )
    assert _pairs(text) == {(12, "A satirical site", "The mayor")}


def test_fact_checker_rated_it_false() -> None:
    text = (
        "A satirical site, the Daily Quip, reported that 400 bison escaped from the park.\n\n"
        "Snopes rated it false."
    )
    got = _pairs(text)
    assert len(got) == 1
    value, claimant, by = got.pop()
    assert value == 400
    assert claimant is not None
    assert "Daily Quip" in claimant
    assert by == "Snopes"


def test_story_was_made_up() -> None:
    text = (
        "The blogger Tim Ardent wrote that 70 horses were stolen from the farm.\n\n"
        "The farm's owner said the story was made up."
    )
    assert _pairs(text) == {(70, "The blogger Tim Ardent", "The farm's owner")}


def test_made_up_of_describes_parts_not_a_denial() -> None:
    text = "The union said 500 workers joined the strike.\n\nThe committee is made up of nine members."
    assert run(text).disputes == ()


# --- claimants named through their text or an epithet ---------------------------------------------


def test_the_magazines_piece_is_the_magazines_claim() -> None:
    text = (
        "New Vista magazine ran a profile of the investor. The magazine's piece said he earned "
        "$9 million from bets on oil.\n\nThe investor denied the magazine's account."
    )
    assert _pairs(text) == {(9_000_000, "New Vista", "The investor")}


def test_the_lawmakers_claim_resolves_to_the_person_named_before() -> None:
    text = (
        "Rep. Dana Holt said 30 smugglers were caught at the river.\n\n"
        "Officials rejected the lawmaker's claim."
    )
    got = _pairs(text)
    assert len(got) == 1
    value, claimant, by = got.pop()
    assert value == 30
    assert claimant is not None
    assert "Dana Holt" in claimant
    assert by == "Officials"


def test_figure_inside_its_own_subject_is_not_its_claimant() -> None:
    text = (
        "Two new cases confirmed in the port city, the bulletin said.\n\nHealth officials denied the report."
    )
    assert all("cases" not in (c or "") for _, c, _ in _pairs(text))


# --- conflicts: "put the number at X, while Y said closer to Z" ------------------------------------


def test_put_the_number_at_while_other_said_closer_to() -> None:
    text = "Police put the number of marchers at 12,000, while organisers said closer to 30,000."
    assert summary(run(text)) == {
        (12000, "Police", "organisers", "conflict"),
        (30000, "organisers", "Police", "conflict"),
    }


def test_closer_to_without_an_earlier_count_is_no_conflict() -> None:
    text = "Organisers said closer to 30,000 people came. The mayor said the weather was fine."
    assert run(text).disputes == ()


# --- interview transcripts -------------------------------------------------------------------------


def test_no_answer_to_a_question_with_a_figure_denies_it() -> None:
    text = (
        "The Ledger published a profile saying the coach earned $3 million a year.\n\n"
        "Interviewer: Were you really paid $3 million a year?\n\n"
        "Marta Silva: Honestly, I cannot complain.\n\n"
        "Interviewer: So was the $3 million true?\n\n"
        "No, it was far less than that."
    )
    assert _pairs(text) == {(3_000_000, "The Ledger", "Marta Silva")}


def test_no_answer_without_a_labelled_speaker_or_claimant_reports_nothing() -> None:
    assert run("Did the club pay 40 million euros?\n\nNo.").disputes == ()
    text = (
        "Reporter: Did the club really pay 40 million euros for you?\n\n"
        "Dana Cole: No. Nothing like that was ever on the table."
    )
    assert run(text).disputes == ()  # nobody else put the figure forward


def test_a_yes_answer_is_not_a_denial() -> None:
    text = (
        "The Ledger said the coach earned $3 million a year.\n\n"
        "Interviewer: Were you paid $3 million?\n\n"
        "Marta Silva: Yes, more or less."
    )
    assert run(text).disputes == ()


# --- figures -----------------------------------------------------------------------------------------


def _values(text: str) -> list[tuple[float | None, float | None, float | None, str | None]]:
    return [(f.value, f.low, f.high, f.qualifier) for f in find_figures(Span(text, 0, len(text)))]


def test_capitalised_number_word_after_a_label_or_dash() -> None:
    assert _values("Claim: Eleven barges sank near the delta.") == [(11, None, None, None)]
    assert _values("The count — Twelve boats — was disputed.") == [(12, None, None, None)]
    assert _values("She watched Ocean's Eleven again.") == []


def test_number_words_and_scales() -> None:
    assert _values("Nearly ten thousand fans waited outside.")[0][0] == 10000
    assert _values("Some two dozen boats were seized.")[0][0] == 24
    assert _values("The fund lost 1.2 million dollars.")[0][0] == 1_200_000
    assert _values("They raised 10k for the shelter.")[0][0] == 10_000


def test_qualifiers_bound_the_value() -> None:
    assert _values("More than 150 boats sank.") == [(150, 150, None, "more than")]
    assert _values("Up to 40 boats sank.")[0][1:] == (None, 40, "up to")
    assert _values("As many as 40 boats sank.")[0][1:] == (None, 40, "up to")
    between = _values("Between 10 and 20 boats sank.")
    assert len(between) == 1
    assert between[0][1:3] == (10, 20)


def test_not_figures_dates_times_ages_ordinals_identifiers() -> None:
    assert _values("The vote on March 3, 2014 at 10:30 was the third.") == []
    assert _values("Flight 370 left at 9 a.m.") == []
    assert _values("The skipper, 54, was questioned.") == []


def test_not_aware_of_any_denies_the_event_named() -> None:
    text = (
        "Opposition figures said 150 protesters were detained overnight.\n\n"
        "Police said they were not aware of any arrests."
    )
    assert _pairs(text) == {(150, "Opposition figures", "Police")}


def test_not_aware_of_something_else_is_no_denial() -> None:
    text = (
        "Opposition figures said 150 protesters were detained overnight.\n\n"
        "Police said they were not aware of any plans for a second march."
    )
    assert run(text).disputes == ()


def test_place_and_party_epithet_resolves_to_the_person_named_before() -> None:
    text = (
        "Rep. Dana Holt spoke on the radio on Monday.\n\n"
        "The Ohio Republican said 30 smugglers were caught at the river.\n\n"
        "Border officials rejected the claim."
    )
    assert _pairs(text) == {(30, "Dana Holt", "Border officials")}


def test_singer_epithet_resolves_to_the_person_named_before() -> None:
    text = (
        "Pop star Lena Vale gave an interview on Sunday.\n\n"
        "The singer said her tour earned $40 million.\n\n"
        "Promoters dismissed the claim as exaggerated."
    )
    assert _pairs(text) == {(40_000_000, "Lena Vale", "Promoters")}


def test_a_made_up_mind_or_a_days_denial_names_no_denier() -> None:
    claim = "The Evening Star said the band turned down $50 million to tour again.\n\n"
    assert run(claim + '"His mind is made up and that is final," a friend said.').disputes == ()
    assert run(claim + "Thursday's denial followed a week of rumours.").disputes == ()


# --- text reproduced after an introducing colon -----------------------------------------------------


def test_text_reproduced_after_a_colon_belongs_to_its_publication() -> None:
    text = (
        "The satirical site Daily Quip ran a story on Monday. The Daily Quip's article read:\n\n"
        "Rangers confirmed that 400 bison escaped from the park overnight.\n\n"
        "Park officials called the story false."
    )
    assert _pairs(text) == {(400, "The Daily Quip", "Park officials")}


def test_a_writers_own_selection_after_a_colon_has_no_claimant() -> None:
    text = (
        "Readers reacted quickly. Here is a sample:\n\n"
        "Rangers confirmed that 400 bison escaped from the park overnight.\n\n"
        "Park officials called the story false."
    )
    assert all(c == "Rangers" for _, c, _ in _pairs(text))
