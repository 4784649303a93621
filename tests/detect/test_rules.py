"""The rule detector (``bot.detect.rules``) end to end: one made-up article per general rule, and
hostile text that must not hang it (sentences written for these tests)."""

from __future__ import annotations

import pytest

from bot.detect.figures import find_figures
from bot.detect.model import ArticleInput
from bot.detect.rules import rule_detect as detect
from bot.detect.sentences import split_sentences
from bot.errors import DetectionError

from .helpers import only, run, summary


def test_quoted_spokesperson_denial_links_by_event_and_place() -> None:
    # "apprehended at the border" and "caught ... at the border" describe the same event
    text = (
        "Senator Paul Vance said on radio that at least 20 smugglers had been caught crossing the northern "
        "border last month.\n\n"
        '"The suggestion that anyone has been apprehended at the northern border is simply false," a '
        "customs agency spokesman said."
    )
    got = summary(run(text))
    assert (20, "Senator Paul Vance", "a customs agency spokesman", "denial") in got


def test_complement_that_is_not_a_relative_clause() -> None:
    text = (
        '"I know that at least 30 boats sank," harbour master Rosa Quint said.\n\n'
        "The coast guard called the claim baseless."
    )
    assert summary(run(text)) == {(30, "harbour master Rosa Quint", "The coast guard", "denial")}


def test_figure_in_a_relative_clause_is_background() -> None:
    text = (
        "Mayor Tom Reyes said the gang that has robbed 14 banks was behind the attack.\n\n"
        "Police said the mayor's claim was unfounded."
    )
    assert run(text).disputes == ()


def test_no_credible_evidence_to_that_effect_answers_the_claim_before() -> None:
    text = (
        "The minister was responding to a claim made by the Farmers League that 9,000 cattle died "
        "in the drought.\n\n"
        '"We have no credible, verified data to that effect," the minister said.'
    )
    got = summary(run(text))
    assert {(v, c) for v, c, _, _ in got} == {(9000, "the Farmers League")}


def test_pushing_back_against_a_claim() -> None:
    text = (
        "The utility is pushing back against a claim made by the Consumer Forum that 60,000 homes lost power."
    )
    assert summary(run(text)) == {(60000, "the Consumer Forum", "The utility", "denial")}


def test_the_accusations_refers_to_an_earlier_allegation() -> None:
    text = (
        "A former employee alleged that the firm dumped 300 barrels of waste.\n\n"
        "The firm opened a new plant last year.\n\n"
        "Its chief executive hit back at the accusations on Monday."
    )
    got = summary(run(text))
    assert {(v, c) for v, c, _, _ in got} == {(300, "A former employee")}
    assert all("chief executive" in by for _, _, by, _ in got)


def test_first_person_denier_in_a_quote_is_the_speaker() -> None:
    text = (
        "The Tribune reported that the club paid $9 million in bonuses.\n\n"
        '"We reject the report completely," said club president Ana Silva.'
    )
    assert summary(run(text)) == {(9_000_000, "The Tribune", "club president Ana Silva", "denial")}


def test_time_clause_after_the_denied_object_is_not_denied() -> None:
    text = (
        "The Harbour Gazette claimed that a family of six had been evacuated.\n\n"
        "A fact-checking site published a note debunking the story after it was shared 50,000 times."
    )
    got = summary(run(text))
    assert {v for v, _, _, _ in got} == {6}


def test_the_known_set_is_not_the_denied_figure() -> None:
    text = (
        "The senator's remarks about the status of the five prisoners are based on a visit.\n\n"
        "The ministry flatly denies such allegations."
    )
    assert run(text).disputes == ()


def test_guest_count_conflict_with_copula_and_more_than() -> None:
    text = (
        "Hotel owner Rita Lang said the banquet was for a party of more than a dozen people.\n\n"
        "A guest at the banquet told reporters the party was closer to 30."
    )
    got = summary(run(text))
    assert (12, "Hotel owner Rita Lang", "A guest at the banquet", "conflict") in got
    assert (30, "A guest at the banquet", "Hotel owner Rita Lang", "conflict") in got


def test_other_and_additional_sets_do_not_conflict() -> None:
    text = (
        "Officials said 10 suspects had been caught at the port.\n\n"
        "But a police union said four other suspects had been caught inland."
    )
    assert run(text).disputes == ()


def test_isnt_true_and_coordinated_subject() -> None:
    text = (
        "Local radio reported that 12 wolves had been seen near the school.\n\n"
        "The wildlife office checked the area and found that simply isn't true."
    )
    got = summary(run(text))
    assert {(v, c) for v, c, _, _ in got} == {(12, "Local radio")}


def test_there_were_no_cases_denies_an_earlier_count() -> None:
    text = (
        "According to regional media, 3 confirmed cases of cholera were found in the camp.\n\n"
        "The health ministry inspected the camp and found that there were no cases of the disease."
    )
    assert summary(run(text)) == {(3, "regional media", "The health ministry", "denial")}


def test_town_population_is_not_what_is_denied() -> None:
    text = (
        "A satire site claimed that soldiers had sealed off a town of about 400 residents.\n\n"
        "County officials said there was no truth to the claim that soldiers sealed off the town of about "
        "400 residents."
    )
    assert run(text).disputes == ()


def test_story_written_on_a_website_gives_the_claimant() -> None:
    text = (
        "The story was written on the website DailyGlow.net, a satire page.\n\n"
        "The story claimed that 8 tourists had been stranded on the glacier.\n\n"
        "The park service published a notice debunking the story after it was shared 9,000 times."
    )
    got = summary(run(text))
    assert {v for v, _, _, _ in got} == {8}
    assert all(c is not None and "DailyGlow.net" in c for _, c, _, _ in got)


def test_ngo_figure_rejected_by_ministry_spokesman() -> None:
    text = (
        "The Lakeside Relief Coalition said on Tuesday that the floods had displaced about 12,000 people "
        "in the northern valleys.\n\n"
        "The coalition said most of them were sheltering in schools.\n\n"
        '"Those numbers are exaggerated and politically motivated," Interior Ministry spokesman Tomas Hale '
        "told reporters on Wednesday."
    )
    det = run(text)
    d = only(det)
    assert d.claim.figure.value == 12000
    assert d.claim.claimant == "The Lakeside Relief Coalition"
    assert "Tomas Hale" in d.disputed_by
    assert d.kind.value == "denial"
    # evidence sentences carry exact offsets into the document
    doc = "" + text
    assert doc[d.claim.sentence.start : d.claim.sentence.end] == d.claim.sentence.text
    assert doc[d.dispute_sentence.start : d.dispute_sentence.end] == d.dispute_sentence.text


def test_denial_in_headline_and_first_sentence_with_claim_by() -> None:
    det = run(
        "The mining company dismissed a claim by the Green Rivers Trust that its spill killed "
        "some 3,000 fish.",
        title="Miner rejects report of 3,000 dead fish",
    )
    pairs = {(v, c, by) for v, c, by, _ in summary(det)}
    assert (3000, "the Green Rivers Trust", "The mining company") in pairs


def test_possessive_claim_is_linked_to_the_claimants_figure() -> None:
    text = (
        "Senator Ruth Okafor said on Monday that 40,000 jobs would be lost if the plant closed.\n\n"
        "The factory's owners disputed Okafor's claim on Tuesday, calling it scaremongering."
    )
    d = only(run(text))
    assert d.claim.figure.value == 40000
    assert d.claim.claimant == "Senator Ruth Okafor"
    assert d.disputed_by == "The factory's owners"


def test_conflicting_counts_from_two_parties_are_both_contested() -> None:
    text = (
        "Organisers said 80,000 people joined the march through the capital.\n\n"
        "But police estimated the crowd at about 15,000."
    )
    got = summary(run(text))
    assert (80000, "Organisers", "police", "conflict") in got
    assert (15000, "police", "Organisers", "conflict") in got


def test_a_source_revising_its_own_figure_is_not_a_conflict() -> None:
    text = (
        "The health agency said 12 people had died in the outbreak.\n\n"
        "But the agency later said the toll had risen to 19."
    )
    assert run(text).disputes == ()


def test_different_counted_things_are_not_a_conflict() -> None:
    text = (
        "The union said 300 workers walked out on Friday.\n\nBut the company said 4,000 orders were delayed."
    )
    assert run(text).disputes == ()


def test_negative_article_with_false_alarms_and_ages_stays_silent() -> None:
    text = (
        "Fire crews answered 140 false alarms last month, the city said.\n\n"
        "A 34-year-old man denied the charges in court on March 3.\n\n"
        "The suspect, who denied stealing the car, was released on $500 bail."
    )
    assert run(text).disputes == ()


def test_denial_of_something_else_leaves_incidental_figures_alone() -> None:
    text = (
        "The rebel commander denied reports that his fighters had agreed to a truce and would free "
        "more than 60 detained aid workers.\n\n"
        "The group seized 64 aid workers in a raid last spring, the United Nations said.\n\n"
        "Fighting continued on Sunday."
    )
    assert run(text).disputes == ()


def test_speaker_says_he_did_not_earn_the_reported_sum() -> None:
    text = (
        "The Evening Ledger reported that the young chef earned $3 million from his recipe app.\n\n"
        "The chef says he did not earn $3 million, adding that the real figure was far smaller."
    )
    d = only(run(text))
    assert d.claim.figure.value == 3_000_000
    assert d.claim.claimant == "The Evening Ledger"
    assert d.disputed_by == "The chef"


def test_short_mention_and_pronoun_resolve_to_the_full_name() -> None:
    text = (
        "The Northern Monitor for Civil Rights said that 250 protesters had been detained.\n\n"
        "The monitor added that it had verified each case.\n\n"
        "Government spokeswoman Lena Marsh said the detention figure was false."
    )
    d = only(run(text))
    assert d.claim.claimant == "The Northern Monitor for Civil Rights"
    assert d.disputed_by == "Government spokeswoman Lena Marsh"


def test_unattributed_figure_is_not_reported_even_when_denied() -> None:
    # nobody is named as the source of the 900, so there is no claimant to report
    text = "A rumour that the airline cancelled 900 flights was dismissed as fabricated by the carrier."
    assert run(text).disputes == ()


def test_passive_denial_by_agent() -> None:
    text = (
        "A report in the Harbour Times that the airline cancelled 900 flights was dismissed as fabricated "
        "by the carrier's chief executive."
    )
    d = only(run(text))
    assert d.claim.figure.value == 900
    assert d.claim.claimant == "the Harbour Times"
    assert d.disputed_by == "the carrier's chief executive"


def test_death_counts_from_two_parties_conflict_without_a_contrast_word() -> None:
    text = (
        "According to activists, soldiers killed at least 45 villagers on Friday.\n\n"
        "The defence ministry put the death toll at 11."
    )
    got = summary(run(text))
    assert (45, "activists", "The defence ministry", "conflict") in got
    assert (11, "The defence ministry", "activists", "conflict") in got


def test_conflict_inside_one_sentence() -> None:
    got = summary(run("Police estimated the crowd at 20,000, while organisers put it at more than 100,000."))
    assert {(v, c) for v, c, _, _ in got} == {(20000, "Police"), (100000, "organisers")}


def test_overlapping_ranges_do_not_conflict() -> None:
    text = "Organisers said 9,000 people attended.\n\nBut police said between 8,000 and 10,000 people came."
    assert run(text).disputes == ()


def test_claim_noun_heading_a_relative_clause_of_the_denier() -> None:
    text = (
        "The opposition alleged that 3 million ballots had been altered, an accusation the electoral "
        "commission dismissed as baseless."
    )
    assert summary(run(text)) == {(3_000_000, "The opposition", "the electoral commission", "denial")}


def test_denier_counter_figure_is_not_the_denied_figure() -> None:
    text = (
        "Rebels say they shot down 12 army helicopters.\n\n"
        "The army denied the claim, saying only two aircraft had been lost."
    )
    assert summary(run(text)) == {(12, "Rebels", "The army", "denial")}


def test_denying_an_action_is_not_denying_a_figure() -> None:
    text = "The director denied staging the clip or paying the actor $300, the Daily Post reported."
    assert run(text).disputes == ()


def test_rhetorical_questions_are_not_denials() -> None:
    text = (
        "The Farmers Union said 2,000 tractors joined the protest.\n\n"
        '"Is that number false? Nobody knows," a commentator wrote.'
    )
    assert run(text).disputes == ()


def test_headline_denial_uses_the_claimant_named_in_the_body() -> None:
    det = run(
        "The Coastal Bird Trust said on Monday that the oil spill had killed about 6,000 seabirds.",
        title="Oil firm rejects claim it killed 6,000 seabirds",
    )
    assert summary(det) == {(6000, "The Coastal Bird Trust", "Oil firm", "denial")}


def test_answering_figure_without_its_own_noun_conflicts() -> None:
    text = (
        "The startup says it has 2 million users.\n\n"
        "Analysts at Fenwick Research say the real figure is closer to 300,000."
    )
    got = summary(run(text))
    assert (2_000_000, "The startup", "Analysts at Fenwick Research", "conflict") in got


def test_this_is_untrue_refers_to_the_claim_just_before() -> None:
    text = (
        "The tabloid claimed that the goalkeeper earns £90,000 a week.\n\n"
        'A spokesman for the player said: "This is completely untrue."'
    )
    assert summary(run(text)) == {(90_000, "The tabloid", "A spokesman for the player", "denial")}


def test_deaths_of_different_groups_do_not_conflict() -> None:
    text = (
        "The rebels claimed an ambush that killed 17 soldiers.\n\n"
        "The army said it had killed 30 rebels in response."
    )
    assert run(text).disputes == ()


def test_lower_case_possessor_resolves_to_the_organisation() -> None:
    text = (
        "The Eastern Network for Press Freedom said 41 reporters were jailed last year.\n\n"
        "The government rejected the network's figures as biased."
    )
    assert summary(run(text)) == {(41, "The Eastern Network for Press Freedom", "The government", "denial")}


def test_put_attendance_at_and_semicolon_conflicts() -> None:
    got = summary(run("Organisers claimed a turnout of 50,000. Police put attendance at 8,000."))
    assert (50000, "Organisers", "Police", "conflict") in got
    got = summary(run("Relief workers put the number of dead at 300; the government says 45 people died."))
    assert (300, "Relief workers", "the government", "conflict") in got


def test_elliptical_answer_in_the_same_sentence() -> None:
    got = summary(
        run("Pyongyang claimed the drill involved 12 rockets, but Seoul said only four were fired.")
    )
    assert (12, "Pyongyang", "Seoul", "conflict") in got


def test_acronym_resolves_to_the_full_name_in_the_article() -> None:
    text = (
        "The Independent Election Monitor said 900 polling stations opened late.\n\n"
        "The electoral board disputed the IEM's figures on Sunday."
    )
    assert summary(run(text)) == {(900, "The Independent Election Monitor", "The electoral board", "denial")}


def test_empty_and_odd_inputs() -> None:
    assert run("").disputes == ()
    assert run("   \n\n  ", title="").claims == ()
    assert run("12345 67890 ... ??? !!!").disputes == ()


def test_non_text_input_is_a_detection_error() -> None:
    with pytest.raises(DetectionError):
        detect(ArticleInput("x", "", 5))  # type: ignore[arg-type]


def test_quote_is_kept_as_evidence() -> None:
    text = (
        "The Lakeside Relief Coalition said the floods displaced about 12,000 people.\n\n"
        '"Those numbers are exaggerated," Interior Ministry spokesman Tomas Hale said.'
    )
    assert only(run(text)).quote == "Those numbers are exaggerated,"


HOSTILE = {
    "digit run": "7" * 200_000,
    "digit run then letter": "7" * 60_000 + "x",
    "many small numbers": "7 " * 40_000,
    "grouped digits": "1," * 50_000 + "000",
    "commas": "," * 100_000,
    "dots": "." * 100_000,
    "dots and capitals": "A." * 30_000,
    "no punctuation": "word " * 12_000,
    "capitalised words": "Word " * 12_000,
    "possessives": "Smith's " * 8_000 + "claims",
    "quotes": '"' * 60_000,
    "nested quotes": '"a ' * 15_000 + 'b" ' * 15_000,
    "parentheses": "(" * 30_000 + ")" * 30_000,
    "money": "$1,000,000.00 " * 5_000,
    "denials": "they denied the claim that " * 3_000,
    "number words": "one hundred thousand " * 4_000,
    "camel case digits": "aB7" * 30_000,
}


@pytest.mark.slow  # 17 inputs sized to expose quadratic time: seconds in all
@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_finishes(text: str) -> None:
    detection = run(text, title="Headline 7")
    assert detection.article_id == "t1"


def test_sentences_and_figures_handed_in_give_the_same_detection() -> None:
    article = ArticleInput(
        "handed",
        "Ferry count disputed",
        "The port authority said 640 passengers were aboard. The crew union disputed the figure, "
        "saying at least 900 people were on the ferry.",
    )
    sentences = split_sentences(article.document)
    figures = [find_figures(s) for s in sentences]
    got = detect(article, sentences=sentences, figures=figures)
    assert got == detect(article)
    assert got.disputes  # the union disputes the authority's 640


def test_an_active_ing_verb_before_the_figure_is_its_event_but_not_its_wording() -> None:
    from .helpers import run

    found = run("The bank was putting together a 300 billion peso fund, analysts said.")
    claim = found.claims[0]
    assert (claim.counted, claim.event) == ("peso fund", "putting")
    found = run("Troops killed 45 people, the army said.")
    assert found.claims[0].counted == "people killed"
