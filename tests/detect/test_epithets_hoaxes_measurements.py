"""Epithets for a named person, fact-checked hoax stories and measured conflicts (every sentence
written for these tests)."""

from __future__ import annotations

from bot.detect.entities import Entities, EntityKind, Mention

from .helpers import run, summary

# --- epithets ("the Ohio Democrat", "the congressman") stand for the person named before -----------


def test_place_party_epithet_repeating_a_figure_keeps_the_politicians_name() -> None:
    text = (
        "Rep. Tom Walker said on Monday that the program had wasted at least 40 million dollars.\n\n"
        'The Ohio Democrat said an auditor told him that "at least 40 million dollars" was lost.\n\n'
        "The Treasury Department called the figure false."
    )
    got = summary(run(text))
    assert got, "the denial must be found"
    assert {claimant for _, claimant, _, _ in got} == {"Tom Walker"}
    assert {by for _, _, by, _ in got} == {"The Treasury Department"}


def test_epithet_claim_in_quotes_relayed_from_sources() -> None:
    text = (
        "Senator Jim Hale told reporters that 2,000 migrants crossed the river in a single day. "
        'The Texas Republican said border agents told him that "at least 2,000" had crossed. '
        "The Border Patrol said the claim was baseless."
    )
    assert {(c, by) for _, c, by, _ in summary(run(text))} == {("Senator Jim Hale", "The Border Patrol")}


def test_role_noun_epithet_resolves_to_the_person_named_before() -> None:
    text = (
        "Rep. Maria Lopez said 5,000 jobs were lost at the plant. "
        "The congressman said union leaders told her that 5,000 jobs had gone. "
        "The Labor Department called the figure exaggerated."
    )
    assert {(v, c, by) for v, c, by, _ in summary(run(text))} == {
        (5000, "Maria Lopez", "The Labor Department")
    }


def test_pronoun_after_an_epithet_means_the_named_person() -> None:
    entities = Entities(
        [Mention("Duncan Reyes", 5, EntityKind.PERSON), Mention("Nevada Republican", 80, EntityKind.PERSON)]
    )
    assert entities.resolve("he", 200) == "Duncan Reyes"
    assert entities.resolve("The Nevada Republican", 79) == "Duncan Reyes"


def test_relayed_told_without_an_earlier_speaker_keeps_the_teller() -> None:
    text = (
        "Two pilots told him that 30 drones had crossed the border.\n\nThe air force called the figure false."
    )
    assert {(v, c) for v, c, _, _ in summary(run(text))} == {(30, "Two pilots")}


def test_figure_in_a_condition_is_not_a_claim() -> None:
    text = (
        "Rep. Ann Cole said that if rangers catch five poachers, dozens more get through.\n\n"
        "The park service said Cole's claim was false."
    )
    assert run(text).disputes == ()


# --- hoax sites and fact-checkers ----------------------------------------------------------------


def test_satirical_site_debunked_by_a_fact_checker_in_a_later_paragraph() -> None:
    text = (
        "A satirical website, the Daily Quip, published a story claiming 9 people fell ill after "
        "eating glow-in-the-dark pizza.\n\n"
        "The story went viral.\n\n"
        "The fact-checking site Snopes called it a hoax."
    )
    assert {(v, by) for v, _, by, _ in summary(run(text))} == {(9, "The fact-checking site Snopes")}
    assert all("Daily Quip" in (c or "") for _, c, _, _ in summary(run(text)))


def test_report_on_a_site_denied_by_an_agency() -> None:
    text = (
        "A story on the Daily Quip claimed that 9 people were hospitalised after a meteor shower.\n\n"
        "NASA said the report was not true."
    )
    assert {(v, c, by) for v, c, by, _ in summary(run(text))} == {(9, "the Daily Quip", "NASA")}


def test_according_to_a_site_rated_fabricated() -> None:
    text = (
        "According to the Morning Buzz, 12 tourists vanished near the lake last week.\n\n"
        "Fact-checkers at PolitiFact later called the claim fabricated."
    )
    assert {(v, c) for v, c, _, _ in summary(run(text))} == {(12, "the Morning Buzz")}
    assert {by for _, _, by, _ in summary(run(text))} == {"Fact-checkers at PolitiFact"}


def test_fake_news_site_found_fabricated_after_a_neutral_sentence() -> None:
    text = (
        "A fake-news website, the Evening Drum, reported that 1,200 sheep had been stolen in Wales.\n\n"
        "It was widely shared.\n\n"
        "However, fact-checkers at Snopes found the story was fabricated."
    )
    assert {(v, by) for v, _, by, _ in summary(run(text))} == {(1200, "fact-checkers at Snopes")}


def test_claim_debunked_after_shares_counted_vaguely() -> None:
    text = (
        "A report on the Daily Quip said 40 people had been bitten by escaped snakes at a zoo.\n\n"
        "The piece was shared thousands of times.\n\n"
        "PolitiFact rated the claim false."
    )
    assert {(v, c, by) for v, c, by, _ in summary(run(text))} == {(40, "the Daily Quip", "PolitiFact")}


def test_a_denial_does_not_reach_over_a_sentence_that_carries_its_own_claim() -> None:
    text = (
        "The tabloid said the striker had missed 3 matches through injury.\n\n"
        "Rivals accused him of faking it.\n\n"
        "He denied the accusation."
    )
    assert run(text).disputes == ()


# --- measured conflicts ----------------------------------------------------------------------------


def test_measured_difference_conflicts_with_the_claimed_one_both_ways() -> None:
    text = (
        "A user claimed his phone weighed 21 grams more than the old model. "
        "The repair site weighed both handsets and found a difference of 0.8 grams."
    )
    got = {(v, c, by, kind) for v, c, by, kind in summary(run(text))}
    assert got == {
        (21, "A user", "The repair site", "conflict"),
        (0.8, "The repair site", "A user", "conflict"),
    }


def test_measurement_reported_first_then_the_claim() -> None:
    text = (
        "The consumer group Fairtest measured both bottles and found a 3 millilitre difference. "
        "A blogger had claimed the new bottle holds 40 millilitres less."
    )
    assert {v for v, _, _, _ in summary(run(text))} == {3, 40}


def test_same_party_remeasuring_is_a_revision_not_a_conflict() -> None:
    text = (
        "The repair site weighed both handsets and found a difference of 0.8 grams. "
        "The repair site later weighed them again and found a difference of 2 grams."
    )
    assert run(text).disputes == ()


def test_a_size_is_not_a_measured_difference() -> None:
    text = (
        "A user claimed his phone weighed 21 grams more than the old model. "
        "The repair site weighed the phone at 180 grams."
    )
    assert run(text).disputes == ()
    text = (
        "The meteor, which measured 60 feet across, hit the lake, a researcher said. "
        "The crater had a depth of 16 feet, the park ranger said."
    )
    assert run(text).disputes == ()


def test_camel_case_brand_starts_a_sentence_and_is_a_party() -> None:
    text = (
        "A forum user claims that his new tablet weighs 30 grams more than the launch model. "
        "eBay seller PadFix compared a launch unit to a new one and only noticed a 2 gram difference."
    )
    got = summary(run(text))
    assert {v for v, _, _, _ in got} == {30, 2}
    assert {c for _, c, _, _ in got} == {"A forum user", "eBay seller PadFix"}
