"""Denial cues and what they deny: verbs, nouns, hoax wording, quotations (sentences written for
these tests)."""

from __future__ import annotations

import pytest

from bot.detect import lexicon as lx
from bot.detect.claimants import find_cues
from bot.detect.denials import DenialHit, find_denials
from bot.detect.disputes import counts_the_denier
from bot.detect.entities import Entities, capitalised_chunks
from bot.detect.figures import find_figures
from bot.detect.model import Span
from bot.detect.sentences import split_sentences

from .helpers import run, summary


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


def test_a_made_up_mind_or_a_days_denial_names_no_denier() -> None:
    claim = "The Evening Star said the band turned down $50 million to tour again.\n\n"
    assert run(claim + '"His mind is made up and that is final," a friend said.').disputes == ()
    assert run(claim + "Thursday's denial followed a week of rumours.").disputes == ()


_LONG_QUOTE = (
    "A prank site, Gigglenews.com, posted a story about eight days of silence on every radio band.\n\n"
    "The post was shared thousands of times.\n\n"
    "The claim went viral again over the weekend.\n\n"
    "Readers were asked to stock up on batteries.\n\n"
    "Several radio stations received calls about it.\n\n"
    "According to Snopes.com, the rumour keeps coming back.\n\n"
    "“No, the airwaves will not go quiet next month. "
    "Neither the regulator nor any serious broadcaster has issued such a warning. "
    "Not once,” the site says."
)


def test_denial_in_the_middle_of_a_quotation_belongs_to_the_quoted_source() -> None:
    got = summary(run(_LONG_QUOTE))
    assert {(v, by) for v, _, by, _ in got} == {(8, "Snopes.com")}
    assert all("Gigglenews.com" in (c or "") for _, c, _, _ in got)


def test_sentence_of_an_unclosed_quotation_is_not_attributed() -> None:
    text = _LONG_QUOTE.replace("Not once,” the site says.", "Not once, the site says.")
    assert summary(run(text)) == set()


def test_means_after_by_is_not_the_debunker_and_a_cue_past_a_colon_does_not_speak() -> None:
    from bot.detect.claimants import find_cues
    from bot.detect.denials import find_denials
    from bot.detect.entities import Entities, capitalised_chunks

    text = (
        "As the fact-checking site Snopes says, “the story can be debunked by reading its "
        "source: according to the FunnyFeed about page, every post is satire.”"
    )
    sentence = Span(text, 0, len(text))
    entities = Entities(capitalised_chunks(sentence))
    cues = find_cues(sentence, entities)
    deniers = {h.denier for h in find_denials(sentence, [], cues, entities, None)}
    assert deniers == {"the fact-checking site Snopes"}


def test_saying_the_true_number_is_higher_denies_the_figure() -> None:
    found = run(
        "The interior ministry said 90 protesters were detained. Opposition leaders insist the "
        "true number is far higher."
    )
    assert summary(found) == {(90, "The interior ministry", "Opposition leaders", "denial")}


def test_doubting_a_number_denies_it() -> None:
    found = run("The club says it has 30,000 members. Two sports historians doubt that number.")
    assert summary(found) == {(30000, "The club", "Two sports historians", "denial")}


def test_a_possessive_determiner_opens_the_denying_party() -> None:
    found = run(
        "A gossip site reported that the singer paid $4 million for the villa. Her agent called the "
        "claim absurd."
    )
    assert summary(found) == {(4_000_000, "A gossip site", "Her agent", "denial")}


def test_a_participle_after_according_to_a_stays_in_the_source() -> None:
    found = run(
        "According to a leaked memo, the airline will cut 3,000 jobs. An airline spokeswoman said: "
        '"These reports are completely untrue."'
    )
    assert summary(found) == {(3000, "a leaked memo", "An airline spokeswoman", "denial")}


def test_saying_the_real_figure_is_at_least_double_denies_it() -> None:
    found = run(
        "A council survey put the number of rough sleepers at 900. "
        "Charities say the real figure is at least double."
    )
    assert summary(found) == {(900, "A council survey", "Charities", "denial")}


def test_the_company_is_not_the_union_described_before_it() -> None:
    found = run("The union says 2,000 jobs are at risk. The company called that number scaremongering.")
    assert summary(found) == {(2000, "The union", "The company", "denial")}
    named = run(
        "Brill Steel said it would cut 900 jobs. The union called that figure false. "
        "The company said so again."
    )
    assert summary(named) == {(900, "Brill Steel", "The union", "denial")}


def test_regarding_a_figure_as_exaggerated_denies_it() -> None:
    found = run(
        "The syndicate claims to control 80 percent of the market. Analysts regard that estimate as inflated."
    )
    assert summary(found) == {(80, "The syndicate", "Analysts", "denial")}


def test_denies_this_covers_the_figure_another_party_gave_earlier_in_the_sentence() -> None:
    found = run("Exiles say more than 300 people died in the crackdown, but the government denies this.")
    assert summary(found) == {(300, "Exiles", "the government", "denial")}


def test_denied_it_alone_does_not_reach_back_to_an_earlier_sentence() -> None:
    # measured: "it" as often stands for an accusation the figure only illustrates
    found = run("Prosecutors say the clerk took 12 payments from the fund. The clerk denied it on Friday.")
    assert found.disputes == ()


def test_the_actual_amount_a_multiple_larger_denies_the_figure() -> None:
    found = run(
        "While the Treasury said bad loans totalled 29 billion crowns in June, the rating agency "
        "Kessel Ratings estimated the actual amount was at least three times larger."
    )
    assert summary(found) == {(29e9, "the Treasury", "the rating agency Kessel Ratings", "denial")}


def test_quote_as_saying_gives_the_quoted_party_the_figure() -> None:
    found = run("Officials quote health experts as saying the caseload is close to 50,000.")
    assert [c.claimant for c in found.claims] == ["health experts"]


def test_press_reports_that_carry_a_figure_are_its_claimant_and_their_denial_disputes_it() -> None:
    found = run("Ruiz denied press reports that the bank was putting together a 300 billion peso fund.")
    assert summary(found) == {(300e9, "press reports", "Ruiz", "denial")}


def test_no_truth_in_media_reports_denies_their_figure() -> None:
    found = run(
        "The minister said there was no truth in recent media reports that 4,000 troops had been "
        "sent to the border."
    )
    assert summary(found) == {(4000, "media reports", "The minister", "denial")}


def test_denying_criminal_charges_disputes_no_figure_of_the_indictment() -> None:
    found = run("Prosecutors said the mayor took bribes from two builders. The mayor denied the charge.")
    assert found.disputes == ()


def test_another_party_putting_the_toll_much_higher_denies_the_count() -> None:
    found = run(
        "Official reports said the explosion killed six people. Unofficial sources have put the "
        "casualty toll much higher."
    )
    assert summary(found) == {(6, "Official reports", "Unofficial sources", "denial")}


def test_the_actual_amount_of_a_thing_more_than_double_denies_the_figure() -> None:
    found = run(
        "The ministry puts bad loans at 29 trillion yen. Analysts say the actual amount of problem "
        "loans must be more than double the official figure."
    )
    assert summary(found) == {(29e12, "The ministry", "Analysts", "denial")}


def test_a_harvest_falling_below_the_official_forecast_denies_that_forecast() -> None:
    found = run(
        "The wheat harvest will probably fall below official forecasts of 75 million tonnes, leading "
        "independent traders said on Monday."
    )
    assert summary(found) == {(75e6, "official forecasts", "leading independent traders", "denial")}


def test_a_figure_said_to_be_well_below_media_reports_denies_their_figure() -> None:
    text = (
        "The minister said the sums involved were well below media reports that had put the deal "
        "at 250 million euros."
    )
    assert summary(run(text)) == {(250e6, "media reports", "The minister", "denial")}


def test_figures_judged_on_the_high_side_are_figures_said_to_be_wrong() -> None:
    text = (
        "Analysts at Orlen Bank estimated the merger would save 90 million dollars a year. "
        "The chief executive, Maria Lind, said the estimates were on the high side."
    )
    assert summary(run(text)) == {
        (90e6, "Analysts at Orlen Bank", "The chief executive, Maria Lind", "denial")
    }


def test_a_figure_called_overestimated_is_denied() -> None:
    text = (
        "The Harbour Trust said 4,000 homes were at risk of flooding. "
        "City engineer Paul Okafor said the figure was overestimated."
    )
    assert summary(run(text)) == {(4000, "The Harbour Trust", "City engineer Paul Okafor", "denial")}


def test_denying_the_act_a_figure_counts_denies_the_figure() -> None:
    text = (
        "Nordgas, the utility, stopped deliveries after saying the city owed $40 million in unpaid "
        "bills. Officials at the city hall deny owing the money."
    )
    assert summary(run(text)) == {(40e6, "Nordgas", "Officials at the city hall", "denial")}


def test_denying_another_act_denies_no_figure() -> None:
    text = (
        "The utility Nordgas said the city owed $40 million in unpaid bills. "
        "The city denies cutting the street lights."
    )
    assert run(text).disputes == ()


def test_a_two_letter_acronym_is_a_party_and_overblown_calls_a_figure_wrong() -> None:
    text = (
        "The coast guard said 2.1 million barrels leaked from the well. "
        "The operator, ZX, calls that number overblown."
    )
    assert summary(run(text)) == {(2.1e6, "The coast guard", "The operator, ZX", "denial")}


def test_a_death_toll_denied_is_the_figure_of_deaths_not_the_last_figure() -> None:
    text = (
        "The Relief Council says 40,000 civilians have been killed since spring and 900,000 have "
        "left their villages. The government denies the death toll is anywhere near that high."
    )
    assert summary(run(text)) == {(40_000, "The Relief Council", "The government", "denial")}


def test_a_name_with_an_arabic_particle_is_a_party() -> None:
    text = (
        "Speaking for the interior ministry, al-Rashid said fewer than 300 fighters had crossed the border. "
        "Monitors from the Border Watch group put the number at about 2,000."
    )
    got = summary(run(text))
    assert (300, "al-Rashid", "Monitors from the Border Watch group", "conflict") in got


def test_a_figure_that_only_counts_the_deniers_is_not_denied() -> None:
    text = "The two former guards claim that the account of the riot is not true."
    (figure,) = find_figures(Span(text, 0, len(text)))
    assert counts_the_denier(figure, "The two former guards")
    assert not counts_the_denier(figure, "The prison governor")


def test_something_that_went_wrong_is_not_something_called_false() -> None:
    assert hits("Ana Pires said two things could go wrong.") == []
    assert [h.cue for h in hits("Ana Pires said the figure of 12 things was wrong.")] == ["wrong"]


def test_a_figure_rumoured_in_a_relative_clause_is_a_claim_a_denial_reaches() -> None:
    text = (
        "Readers were told of a young chef who is rumored to have earned $9 million from one "
        "recipe.\n\nLena Marsh, the chef, called that dollar figure inaccurate in an interview on "
        "Sunday.\n\nThe rumour started with the City Eats profile of her last month."
    )
    got = summary(run(text))
    assert {(v, d) for v, _, d, _ in got} == {(9e6, "Lena Marsh")}


def test_disputing_the_claims_of_the_people_a_figure_counts_does_not_dispute_their_number() -> None:
    text = (
        "Harbour master Rosa Quint said 60 dockers picketed the terminal on Tuesday. "
        "Operator spokesman Ivan Bell disputed the dockers' claims about pay."
    )
    assert run(text).disputes == ()
    rival = (
        "Harbour master Rosa Quint said 60 dockers picketed the terminal on Tuesday. "
        "Operator spokesman Ivan Bell disputed that figure."
    )
    assert {v for v, _, _, _ in summary(run(rival))} == {60}


def test_claim_noun_in_apposition_with_a_relative_clause_denies_what_precedes() -> None:
    found = hits(
        "The dockers' union puts the shortfall at 7,300 tonnes, a figure the port authority rejects. "
        "Regional media said 85 cattle were stolen, a claim which the ranch's owners have since denied."
    )
    assert [(h.cue, h.denier) for h in found] == [
        ("rejects", "the port authority"),
        ("denied", "the ranch's owners"),
    ]
    assert "7,300 tonnes" in found[0].target_text
    assert "85 cattle" in found[1].target_text


def test_reduced_passive_after_a_claim_noun_names_its_agent() -> None:
    (h,) = hits(
        "Campaigners say the dam flooded 46 villages, an estimate disputed by the provincial government."
    )
    assert (h.kind, h.denier) == ("passive", "the provincial government")
    assert "46 villages" in h.target_text


def test_relative_clause_on_a_noun_that_is_no_claim_denies_nothing() -> None:
    assert hits("The trainer sold 40 horses, a decision the owners rejected.") == []


def test_figure_summed_up_by_a_denied_claim_noun_is_disputed() -> None:
    detection = run(
        "Harbour officials said the storm sank 14 fishing boats on Monday, a number the fishermen's "
        "union disputes."
    )
    assert summary(detection) == {(14, "Harbour officials", "the fishermen's union", "denial")}


def test_a_passive_of_question_or_dismiss_denies_only_a_claim() -> None:
    assert (
        hits("Eleven dock workers were questioned by police on Monday. The suit was dismissed by a judge.")
        == []
    )
    (h,) = hits("The ministry's flood figures were questioned by independent hydrologists.")
    assert (h.kind, h.denier) == ("passive", "independent hydrologists")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "One broker forecast the wheat crop at 4 million tonnes. Millers said the figure was too high.",
            (4e6, "One broker", "Millers", "denial"),
        ),
        (
            "Police said 35 people died in the riots. Opposition leaders say the death toll is much higher.",
            (35, "Police", "Opposition leaders", "denial"),
        ),
        (
            "The ministry says 600 miners are on strike. The union puts the number at twice that.",
            (600, "The ministry", "The union", "denial"),
        ),
    ],
)
def test_a_speaker_setting_the_figure_above_or_below_their_own_view_denies_it(
    text: str, expected: tuple[float, str, str, str]
) -> None:
    assert summary(run(text)) == {expected}


@pytest.mark.parametrize(
    "text",
    [
        # the writer's comparison with another quantity, no speaker
        "The film earned $12 million in its first weekend. That figure is far lower than last year's hit.",
        # a result pushed up by a one-off item, not a figure said to be wrong
        "The group earned 80 million pounds. The figure was inflated by a hotel sale, the chairman said.",
    ],
)
def test_comparing_a_figure_with_something_else_denies_nothing(text: str) -> None:
    assert run(text).disputes == ()


def test_a_relative_clause_denier_may_be_named_with_a_plural_possessive() -> None:
    found = run("The governor said 37 miners died in the collapse, a figure the miners' union rejects.")
    assert summary(found) == {(37, "The governor", "the miners' union", "denial")}


def test_the_real_number_said_to_be_higher_is_one_denial() -> None:
    found = run(
        "Police said 35 people died in the riots. Opposition leaders say the real number is much higher."
    )
    assert len(found.denials) == 1
    assert summary(found) == {(35, "Police", "Opposition leaders", "denial")}


@pytest.mark.parametrize("side", ["gun proponents", "rail campaigners", "aid donors"])
def test_the_sides_of_a_public_argument_can_dispute_a_figure(side: str) -> None:
    detection = run(
        "A 2001 survey by the Transit Board found 40 percent of trains ran late. "
        f"The figure is disputed by {side}."
    )
    assert summary(detection) == {(40, "the Transit Board", side, "denial")}


def test_these_figures_reach_every_figure_the_claimant_gave() -> None:
    detection = run(
        "The club says it has 3,000 members, or about 4,500 people counting families. "
        "But some rivals dispute these figures, saying it has far fewer."
    )
    assert summary(detection) == {
        (3000, "The club", "some rivals", "denial"),
        (4500, "The club", "some rivals", "denial"),
    }


def test_a_denied_lie_vouches_for_the_figures() -> None:
    detection = run(
        'The agency said 4,000 people could die of radiation. "The numbers don\'t lie," a researcher said.'
    )
    assert detection.disputes == ()


def test_a_toll_others_put_higher_is_the_toll_just_given() -> None:
    detection = run(
        "A rocket exploded after launch on Friday, killing nine people, according to official reports. "
        "Unofficial sources have put the casualty toll much higher."
    )
    assert summary(detection) == {(9, "official", "Unofficial sources", "denial")}


def test_figures_below_media_reports_cover_every_figure_the_reports_gave() -> None:
    detection = run(
        "The minister said the sums involved were well below media reports that said the deal was worth "
        "some 300 million crowns and included fees of about 12 million crowns."
    )
    assert {(v, by) for v, _, by, _ in summary(detection)} == {
        (300e6, "The minister"),
        (12e6, "The minister"),
    }


def test_denying_knowledge_of_a_payment_is_no_denial_of_the_payment() -> None:
    denied = (
        "The senator denied the $90,000 payment to the singer, who has claimed the sum was meant to "
        "keep the affair secret."
    )
    assert summary(run(denied)) == {(90_000, "the singer", "The senator", "denial")}
    unaware = denied.replace("denied the", "denied knowing about the")
    assert run(unaware).disputes == ()


def test_a_falsity_adjective_on_what_a_figure_counts_is_the_writers_not_a_denial() -> None:
    assert (
        hits("By the paper's tally, the mayor has made 1,236 false or misleading claims, the host said.")
        == []
    )
    assert hits("The council said it found 40 misleading adverts last year.") == []
    # said of a claim, the same words still deny it
    assert [h.cue for h in hits("The mayor said the paper's tally of 1,236 claims was misleading.")] == [
        "misleading"
    ]


def test_an_age_in_apposition_is_not_who_denies() -> None:
    sentence = (
        "Marlow, 58, who has been held since the spring, has denied the prosecutors' figure of $4 million."
    )
    assert [h.denier for h in hits(sentence)] == ["Marlow"]


def test_a_floating_quantifier_is_not_who_denies() -> None:
    assert [h.denier for h in hits("Ortega and Vance have both denied the $3 million figure.")] == [
        "Ortega and Vance"
    ]
    assert [h.denier for h in hits("The airlines have all rejected the estimate of 400 flights.")] == [
        "The airlines"
    ]
