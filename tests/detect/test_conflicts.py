"""Conflicts: two parties giving incompatible figures for the same counted thing (sentences
written for these tests)."""

from __future__ import annotations

from bot.detect.counted import counted_for
from bot.detect.figures import find_figures
from bot.detect.model import Span

from .helpers import conflict, run, summary

# --- measured conflicts ----------------------------------------------------------------------------


def test_measured_difference_conflicts_with_the_claimed_one_both_ways() -> None:
    text = (
        "A user claimed his phone weighed 21 grams more than the old model. "
        "The repair site weighed both handsets and found a difference of 0.8 grams."
    )
    assert summary(run(text)) == conflict(21, "A user", 0.8, "The repair site")


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


# --- conflicts: "put the number at X, while Y said closer to Z" ------------------------------------


def test_put_the_number_at_while_other_said_closer_to() -> None:
    text = "Police put the number of marchers at 12,000, while organisers said closer to 30,000."
    assert summary(run(text)) == conflict(12000, "Police", 30000, "organisers")


def test_closer_to_without_an_earlier_count_is_no_conflict() -> None:
    text = "Organisers said closer to 30,000 people came. The mayor said the weather was fine."
    assert run(text).disputes == ()


def test_an_estimate_set_against_the_official_toll_conflicts_with_it() -> None:
    found = run(
        "Epidemiologists estimated that 2,975 people died after the hurricane, far above the "
        "official toll of 58."
    )
    assert summary(found) == conflict(2975, "Epidemiologists", 58, "official toll")


def test_one_partys_figures_compared_in_a_sentence_are_no_conflict() -> None:
    # no "official" figure and one speaker: a comparison, not two parties' rival counts
    found = run("The league said 40,000 fans came this year, far above the 12,000 of last season.")
    assert found.disputes == ()


def test_a_rival_count_with_its_noun_left_out_answers_the_figure_before_it() -> None:
    found = run(
        "About 600,000 nurses joined the walkout, according to the union, while the health "
        "department counted 140,000."
    )
    assert summary(found) == conflict(600_000, "the union", 140_000, "the health department")


def test_a_share_ending_a_contrast_clause_is_no_rival_count() -> None:
    found = run(
        "About 600,000 ballots were counted, according to the commission, while the Greens won 25.4%."
    )
    assert found.disputes == ()


def test_an_estimate_of_attendance_at_a_figure_rivals_a_head_count() -> None:
    found = run(
        "Stewards said 2,500 people attended the concert. The promoters, however, estimated "
        "attendance at 9,000."
    )
    assert summary(found) == conflict(2500, "Stewards", 9000, "The promoters")


def test_records_that_show_another_figure_contradict_a_speaker() -> None:
    found = run(
        "The mayor said the storm flooded 900 basements. But city records show only 310 basements "
        "were flooded."
    )
    assert summary(found) == conflict(900, "The mayor", 310, "city records")


def test_figures_from_an_office_that_show_another_count_contradict_a_minister() -> None:
    found = run(
        "The minister said 12,000 flats were built this year. Figures from the statistics office "
        "show that only 7,300 flats were completed."
    )
    assert summary(found) == conflict(12000, "The minister", 7300, "Figures from the statistics office")


def test_who_shares_a_claim_makes_it_and_a_verb_before_that_is_not_its_event() -> None:
    found = run(
        "Bloggers shared claims that 3,000 fans had been arrested. The city police said in a "
        "statement that 41 fans had been detained."
    )
    assert summary(found) == conflict(3000, "Bloggers", 41, "The city police")


def test_a_share_stated_with_a_copula_counts_its_subject() -> None:
    found = run("The ministry says inflation is 4 percent. Independent economists put it at 9 percent.")
    assert summary(found) == conflict(4, "The ministry", 9, "Independent economists")


def test_putting_the_cost_of_something_at_a_sum_counts_the_cost() -> None:
    found = run(
        "The council's audit put the cost of the programme at $3 billion. Critics said the real "
        "cost was nearly $9 billion."
    )
    assert {(v, kind) for v, _, _, kind in summary(found)} == {(3e9, "conflict"), (9e9, "conflict")}
    assert found.claims[0].counted == "cost"


def test_putting_the_number_at_a_figure_rivals_the_count_just_given() -> None:
    found = run(
        "The interior minister said 4,000 officers were deployed. The police union put the number at 2,500."
    )
    assert summary(found) == conflict(4000, "The interior minister", 2500, "The police union")


def test_two_reference_nouns_are_not_made_rivals_by_it() -> None:
    # both sides only point at numbers: nothing says they count the same thing
    found = run("The league put the number at 40. The players' union put the figure at 90.")
    assert found.disputes == ()


def test_though_sets_the_subjects_own_official_estimate_against_the_figure_before() -> None:
    found = run(
        "Organisers said 40,000 marched through the capital, though police put the official "
        "estimate at 9,000."
    )
    assert summary(found) == conflict(40_000, "Organisers", 9_000, "police")


def test_an_official_estimate_named_without_its_author_is_the_officials() -> None:
    found = run("The official estimate of 9,000 marchers was read out at noon.")
    assert [c.claimant for c in found.claims] == ["official estimate"]


def test_a_higher_number_reported_by_another_party_rivals_the_toll_before_it() -> None:
    found = run(
        "At least 210 people have been killed in the clashes, according to regional officials. "
        "The Kessel Times reported a higher number -- about 460 -- have died since Monday."
    )
    assert summary(found) == conflict(210, "regional officials", 460, "The Kessel Times")


def test_a_higher_number_of_another_event_is_no_rival() -> None:
    found = run(
        "At least 210 people have been killed in the clashes, according to regional officials. "
        "The Kessel Times reported a higher number -- about 460 -- were arrested since Monday."
    )
    assert found.disputes == ()


def test_a_sum_and_a_rival_cost_put_on_it_conflict() -> None:
    found = run(
        "Kessel Motors says its new plant could be built for $7 billion, but industry analysts put "
        "the cost at closer to $15 billion."
    )
    assert summary(found) == conflict(7e9, "Kessel Motors", 15e9, "industry analysts")


def test_views_held_with_sees_are_rival_forecasts() -> None:
    found = run(
        "The Grains Council sees the wheat harvest at 34 million tonnes, while the Farmers Union sees "
        "41 million tonnes."
    )
    assert summary(found) == conflict(34e6, "The Grains Council", 41e6, "the Farmers Union")


def test_a_season_that_saw_deaths_holds_no_view() -> None:
    found = run("The 2019 season saw 412 deaths, the health agency said. The 2020 season saw 150 deaths.")
    assert found.disputes == ()


def test_a_figure_that_refers_back_answers_only_the_nearest_figure() -> None:
    found = run(
        "Washington said the deficit widened to $3.7 billion in May from $2.9 billion in April. "
        "Washington says the deficit was nearly $40 billion last year while Beijing puts the figure "
        "at $10 billion."
    )
    assert summary(found) == conflict(40e9, "Washington", 10e9, "Beijing")


def test_decimals_tell_two_rival_shares_apart() -> None:
    found = run(
        "The research firm Kessel Data reckoned that tablet shipments grew 23.8 percent in 2019, "
        "while the rival firm Orbis put the figure at 24.7 percent."
    )
    assert summary(found) == conflict(23.8, "The research firm Kessel Data", 24.7, "the rival firm Orbis")


def test_round_figures_a_little_apart_are_one_figure_read_loosely() -> None:
    found = run("Police said 1,000 people marched. Organisers said 1,012 people marched.")
    assert found.disputes == ()


def test_a_revision_word_in_the_first_clause_does_not_make_the_second_a_revision() -> None:
    found = run(
        "Exports rose 4.1 percent last year, the ministry said, while the bank put the figure at 2.2 percent."
    )
    assert summary(found) == conflict(4.1, "the ministry", 2.2, "the bank")


def test_a_range_set_against_an_official_forecast_with_despite() -> None:
    found = run(
        "Analysts in the region say no more than 130,000-150,000 tonnes will be exported this season "
        "despite an official forecast of 230,000 tonnes."
    )
    assert {(d.claim.claimant, d.disputed_by) for d in found.disputes} == {
        ("Analysts in the region", "official forecast"),
        ("official forecast", "Analysts in the region"),
    }


def test_a_forecast_of_a_figure_is_a_noun_and_names_no_speaker() -> None:
    found = run("Traders expect the crop to equal the official forecast of 230,000 tonnes.")
    assert [c.claimant for c in found.claims] == ["official forecast"]


def test_a_truer_figure_calculated_by_another_party_rivals_the_count_before_it() -> None:
    found = run(
        "The army estimates the rebel force at no more than 9,000 fighters. But the analyst Rosa Quint "
        "calculates the rebels' true strength at between 14,000 and 20,000."
    )
    assert {(d.claim.claimant, d.disputed_by) for d in found.disputes} == {
        ("The army", "the analyst Rosa Quint"),
        ("the analyst Rosa Quint", "The army"),
    }


def test_two_studies_figures_in_different_sentences_are_no_conflict() -> None:
    found = run(
        "About 600 nurses were promoted, according to a 2015 survey. However, just 260 nurses were "
        "promoted, according to the study."
    )
    assert found.disputes == ()
    found = run(
        "A 2008 study estimated that 76 million people go hungry each year. The same study said only "
        "4 million people go hungry for more than a week."
    )
    assert found.disputes == ()


def test_two_surveys_set_against_each_other_in_one_sentence_still_conflict() -> None:
    found = run(
        "The payroll survey counted 301,000 jobs added in May, while the household survey counted "
        "86,000 jobs."
    )
    assert summary(found) == conflict(301_000, "The payroll survey", 86_000, "the household survey")


def test_tolls_of_two_places_or_two_years_are_no_conflict() -> None:
    found = run(
        "A blast in Kessel killed at least eight people, local authorities said. Five people died in "
        "a second blast in Orvik, police said."
    )
    assert found.disputes == ()
    found = run(
        "The party said 124,000 people took part in the 2004 caucuses. Its rivals said 87,000 people "
        "took part in the 2000 caucuses."
    )
    assert found.disputes == ()


def test_tolls_of_two_sides_of_a_war_are_no_conflict() -> None:
    # each side's toll of the other's attack: two places, two quantities
    found = run(
        "The raid on northern Kessel killed about 300 people, according to Kessel officials. The "
        "counterattack on Orvik has killed more than 4,000 people, according to health authorities."
    )
    assert found.disputes == ()
    # "on Monday" is a time, not a place: the two tolls still meet
    found = run(
        "Officials said the raid on Monday killed 30 people in Kessel. Rebels said 200 people died in "
        "the raid."
    )
    assert summary(found) == conflict(30, "Officials", 200, "Rebels")


def test_a_place_named_by_an_invasion_of_it_or_a_move_into_it_scopes_a_toll() -> None:
    found = run(
        "Fighters stormed into western Kessel, killing about 300 people, according to Kessel officials. "
        "The bombardment of Orvik has killed more than 4,000 people, according to health authorities."
    )
    assert found.disputes == ()


def test_a_running_total_and_one_days_toll_are_two_quantities() -> None:
    found = run(
        "At least 3,100 people have been killed in the region since the fighting began, the health "
        "office said. Medics said 45 people were killed in the past 24 hours."
    )
    assert found.disputes == ()
    # two counts over different short spans are two quantities too
    found = run(
        "Shelling killed 16 people in the last four days, a government doctor said. The monitor said "
        "40 people were killed last week."
    )
    assert found.disputes == ()


def test_two_running_totals_from_differently_named_starts_still_conflict() -> None:
    # "since the vote" and "since Sunday" may start on the same day: still one toll
    found = run(
        "At least 120 people have been killed since the disputed vote, officials said. A news agency "
        "said about 260 people have died since Sunday."
    )
    assert summary(found) == conflict(120, "officials", 260, "A news agency")


def test_a_possessive_after_on_names_an_owner_not_a_place() -> None:
    found = run(
        "The agency said 12 people came to the dinner at the lodge. A columnist said 30 people dined "
        "on Brandt's account at the lodge."
    )
    assert summary(found) == conflict(12, "The agency", 30, "A columnist")


def test_two_sizes_of_one_change_from_two_parties_conflict() -> None:
    found = run(
        "The cartel's monitors said Arland raised output by 85,000 barrels in May, while Arland itself "
        "said output rose by 160,000 barrels."
    )
    assert summary(found) == conflict(85_000, "The cartel's monitors", 160_000, "Arland itself")
    # a later change of a figure is still an update, not a rival to it
    found = run("Police said 20 people died in the fire. The toll later rose by 15, officials said.")
    assert found.disputes == ()


def test_tolls_of_one_place_from_two_parties_still_conflict() -> None:
    found = run(
        "A blast in Kessel killed at least eight people, local authorities said. Rebels said 40 people "
        "died in Kessel."
    )
    assert summary(found) == conflict(8, "local authorities", 40, "Rebels")


def test_a_figure_well_below_an_as_high_as_ceiling_rivals_it() -> None:
    found = run(
        "In all, 160,000 people were held in the camps, according to the justice ministry. The refugee "
        "agency says the figure is possibly as high as 190,000 people."
    )
    assert summary(found) == conflict(160_000, "the justice ministry", 190_000, "The refugee agency")


def test_at_least_a_figure_is_rivalled_by_a_count_half_as_large_again() -> None:
    found = run(
        "At least 63 people were killed on Saturday, according to the local committees. The "
        "observatory, another opposition group, said 98 people died."
    )
    assert summary(found) == conflict(63, "the local committees", 98, "The observatory")


def test_a_figure_followed_by_what_it_counts_is_no_left_out_noun() -> None:
    rival = "The ministry said 120 protesters were detained on Sunday. Organisers said only 45 were detained."
    assert summary(run(rival)) == conflict(120, "The ministry", 45, "Organisers")
    subset = "The ministry said 120 protesters were detained on Sunday. Organisers said 45 were journalists."
    assert run(subset).disputes == ()


def test_a_part_of_a_set_is_no_rival_total_for_it() -> None:
    whole = (
        "The agency said 9,000 families fled the valley last year. A local charity said 2,000 families fled."
    )
    assert summary(run(whole)) == conflict(9000, "The agency", 2000, "A local charity")
    part = (
        "The agency said 9,000 families fled the valley last year. "
        "A local charity said 2,000 of those families fled again."
    )
    assert run(part).disputes == ()


def test_sums_three_orders_of_magnitude_apart_are_not_one_quantity() -> None:
    close = (
        "Mayor Ana Ruiz said the new bridge would cost $4 billion. "
        "But the engineering firm Dalton said the bridge would cost $9 billion."
    )
    assert summary(run(close)) == conflict(4e9, "Mayor Ana Ruiz", 9e9, "the engineering firm Dalton")
    apart = close.replace("$4 billion", "$4 million")
    assert run(apart).disputes == ()


def test_plural_forecasters_in_the_base_form_put_a_rival_figure() -> None:
    text = (
        "The board forecast 2.4 million tonnes of maize this season; "
        "several independent traders predict 1.9 million tonnes."
    )
    assert summary(run(text)) == conflict(2.4e6, "The board", 1.9e6, "several independent traders")


def test_a_forecast_verb_followed_by_its_figure_is_a_verb_not_a_noun() -> None:
    text = "The ministry forecast 310,000 tonnes of rice, while Delta Grain expects 360,000 tonnes."
    assert summary(run(text)) == conflict(310_000, "The ministry", 360_000, "Delta Grain")


def test_closer_to_a_figure_is_said_against_one_within_its_about_range() -> None:
    text = (
        "Tourism officials forecast 950,000 visitors at the fair; "
        "the Hotel Owners Federation expects closer to 1.05 million visitors."
    )
    assert summary(run(text)) == conflict(
        950_000, "Tourism officials", 1_050_000, "the Hotel Owners Federation"
    )


def test_seeing_a_quantity_rise_to_a_figure_puts_that_figure_forward() -> None:
    text = (
        "For the north, the sugar council sees beet output rising to 12 million tonnes, "
        "while Halvorsen sees 14 million tonnes."
    )
    assert summary(run(text)) == conflict(12e6, "the sugar council", 14e6, "Halvorsen")


def test_a_relative_clause_that_puts_a_figure_forward_is_a_claim_not_background() -> None:
    text = (
        "The harvest will disappoint, said Lund, whose Nordic Crop Institute sees barley output at "
        "31 million tonnes, well below official forecasts of 35 million tonnes."
    )
    assert {(v, kind) for v, _, _, kind in summary(run(text))} == {(31e6, "conflict"), (35e6, "conflict")}
    background = "Moreau, whose institute employs 310 analysts, spoke on Monday."
    assert run(background).disputes == ()


def test_putting_a_toll_in_a_place_at_a_figure_counts_the_toll_not_the_place() -> None:
    text = (
        "General Osei told reporters, citing army records, that fewer than 900 people have died "
        "in the fighting. "
        "Aid agencies put the death toll in North Kivu at about 40,000."
    )
    found = run(text)
    assert [c.counted for c in found.claims][1] == "toll"
    assert {v for v, _, _, _ in summary(found)} == {900, 40_000}


def test_a_verb_before_and_belongs_to_the_clause_before_not_to_the_next_figure() -> None:
    text = (
        "At least 90 were killed and about 30,000 have fled, regional officials said. "
        "The Red Cross reported a higher number -- about 160 -- have died."
    )
    found = run(text)
    assert [c.event for c in found.claims][:2] == ["killed", "fled"]
    assert {v for v, _, _, _ in summary(found)} == {90, 160}


def test_a_verb_after_comma_and_starts_a_new_clause_not_the_figures_event() -> None:
    found = run(
        "Rebel commanders said the toll was closer to 120, and accused the office of hiding the dead."
    )
    assert [c.event for c in found.claims] == [None]


def test_two_parties_tolls_of_one_event_set_side_by_side_with_and_are_rivals() -> None:
    text = (
        "Health officials put the flood deaths at more than 2,100, and at least one aid group says "
        "more than 3,000 people have been killed."
    )
    assert {v for v, _, _, _ in summary(run(text))} == {2100, 3000}
    other_counts = (
        "The Health Council says more than 2,100 homes were flooded, and at least one aid group "
        "says more than 3,000 tents were sent."
    )
    assert run(other_counts).disputes == ()


def test_a_bare_estimate_in_the_next_sentence_answers_the_figure_before() -> None:
    detection = run(
        "Independent analysts expect the beet crop to reach 14.2 million tonnes. "
        "The farm ministry has forecast 12 million tonnes."
    )
    assert summary(detection) == conflict(14_200_000, "Independent analysts", 12_000_000, "The farm ministry")


def test_a_figure_of_something_named_or_not_estimated_does_not_answer() -> None:
    named = (
        "Independent analysts expect the beet crop to reach 14.2 million tonnes. "
        "The farm ministry has forecast 12 million tonnes of wheat."
    )
    done = (
        "Brokers see the cocoa crop at 2.1 million bags. The port authority said it loaded 1.4 million bags."
    )
    noun = (
        "Brokers see profits at 40 million pounds. The board gave a dividend forecast of 12 million pounds."
    )
    assert summary(run(named)) == summary(run(done)) == summary(run(noun)) == set()


def test_what_a_party_asks_for_or_offers_is_no_rival_figure() -> None:
    judge = " But Judge Tom Reyes put the bail at $7,500."
    asked = "Prosecutor Ann Vale argued for $40,000 bail, citing the risk of flight." + judge
    assert summary(run(asked)) == set()
    told = "Prosecutor Ann Vale said bail of $40,000 was set last year." + judge
    assert summary(run(told)) == conflict(40_000, "Prosecutor Ann Vale", 7_500, "Judge Tom Reyes")
    told = "The union says 900 jobs will go. But management says 400 jobs will go."
    assert summary(run(told)) == conflict(900, "The union", 400, "management")


def test_a_count_of_the_previous_year_is_a_comparison_not_a_rival() -> None:
    found = run(
        "The league has reported that 180 injuries were recorded this season. At least 210 were "
        "recorded the previous season, the players' union said."
    )
    assert found.disputes == ()


def test_a_change_on_the_previous_year_does_not_hide_the_figure_it_follows() -> None:
    found = run(
        "A trading house put forward sales at 410,000 tonnes, 30,000 up on the previous year. "
        '"I would say the real figure is closer to 350,000," said a broker close to the talks.'
    )
    assert {d.claim.figure.value for d in found.disputes} >= {410_000, 350_000}


def test_the_dead_and_the_living_are_not_one_count() -> None:
    found = run(
        "Nine people have so far been confirmed dead, according to island authorities. The agency "
        "said 2,100 people were taking shelter in 30 evacuation centers."
    )
    assert found.disputes == ()


def test_an_additional_count_is_a_further_set_not_a_rival() -> None:
    found = run(
        "Officials said 80 people were on board when the engine failed. An additional 45 people were "
        "taken off by a second boat, according to the harbour police."
    )
    assert found.disputes == ()


def test_a_preposition_after_the_figure_is_not_what_it_counts() -> None:
    detection = run(
        "The neighbour may have as many as 30,000 soldiers near the frontier, two Western officials said. "
        "However, a border guard spokesman told reporters his agency counts 70,000 soldiers at the frontier."
    )
    assert summary(detection) == conflict(30000, "two Western officials", 70000, "a border guard spokesman")


def test_a_cost_others_peg_higher_in_the_next_clause_is_a_rival_figure() -> None:
    detection = run(
        "The builder has said it can finish the new bridge for $2 billion, but analysts pegged the total "
        "cost at closer to a whopping $5 billion."
    )
    assert summary(detection) == conflict(2e9, "The builder", 5e9, "analysts")


def test_a_figure_set_against_a_yardstick_is_no_rival() -> None:
    detection = run(
        "A research firm estimated that sales of smart watches would reach four million units a year. "
        "While that is small compared with a phone market of about 90 million units annually, the maker must "
        "act, said analyst Ann Ito of Kessel Partners."
    )
    assert detection.disputes == ()
    assert {c.claimant for c in detection.claims if c.figure.value == 90e6} == {
        "analyst Ann Ito of Kessel Partners"
    }


def test_others_putting_the_figure_higher_answer_the_count_before() -> None:
    found = run(
        "At least 13,000 families left the valley, according to the historian Anna Brell. Two rival "
        "scholars put the figure as high as 21,500."
    )
    assert summary(found) == conflict(13_000, "the historian Anna Brell", 21_500, "Two rival scholars")


def test_a_hedge_before_a_figure_is_not_what_it_counts() -> None:
    # "perhaps", "likely", "more like": how sure the speaker is, not a noun
    found = run(
        "Militia leaders said 900 people were killed in the raid; the relief agency said dozens, perhaps "
        "more than 300, had died there."
    )
    assert summary(found) == conflict(900, "Militia leaders", 300, "the relief agency")
    for text, figure in (
        ("Its slice of sales is likely below 1.8 percent.", "1.8"),
        ("The rise would be more like 6.1 percent.", "6.1"),
    ):
        sentence = Span(text, 0, len(text))
        fig = next(f for f in find_figures(sentence) if figure in f.span.text)
        assert counted_for(sentence, fig).head not in ("like", "likely")


def test_a_nationality_before_a_noun_says_whose_not_where() -> None:
    # "in Kesseli air raids" names no place: it does not set the toll apart from one in Orvik
    found = run(
        "The Orvik militia said 50 captives were killed in Kesseli air raids. Kesseli officers said 30 "
        "captives have died in Orvik."
    )
    assert summary(found) == conflict(50, "The Orvik militia", 30, "Kesseli officers")
    # nor does it make the tolls of an attack on Orvik and of one on Kessel one quantity
    found = run(
        "At least 900 people have been killed in Kesseli attacks on Orvik, according to Orvik officials. "
        "The war began with a raid on southern Kessel, killing 120 people, according to Kesseli officials."
    )
    assert found.disputes == ()


def test_tolls_of_killings_by_different_hands_are_not_rival_counts() -> None:
    text = (
        "The border war flared again in March when Northland raiders crossed the river, killing "
        "about 300 people, according to Southland officials.\n\n"
        "Southland's counter-offensive has killed more than 4,000 people, according to Northland "
        "officials."
    )
    assert run(text).disputes == ()
    passive = text.replace(
        "Southland's counter-offensive has killed more than 4,000 people",
        "More than 4,000 people have been killed in the Southland counter-offensive",
    )
    assert run(passive).disputes == ()
    attacked = text.replace(
        "Southland's counter-offensive has killed more than 4,000 people",
        "More than 4,000 people were killed when Southland troops attacked the river towns",
    )
    assert run(attacked).disputes == ()
    # a name opening the sentence is the killer; a plural opening it may be a common noun
    opener = text.replace(
        "Southland's counter-offensive has killed more than 4,000 people",
        "Southland has since shelled the river towns, killing more than 4,000 people",
    )
    assert run(opener).disputes == ()
    # two sides' tolls of the same raid are rivals, whoever is named as the killer
    rival = (
        "Northland raiders crossed the river on Monday, killing about 300 people, officials in "
        "Southland said.\n\n"
        "The Northland army said the raid killed only 40 people."
    )
    assert summary(run(rival)) == conflict(300, "officials in Southland", 40, "The Northland army")


def test_a_place_a_sentence_opener_or_a_speaker_is_no_killer() -> None:
    text = (
        "Rockets fired at Kessel on Monday killed 12 people in Kessel, the city's mayor said.\n\n"
        "Rebel commanders said the rockets killed only three people in Kessel."
    )
    assert summary(run(text)) == conflict(12, "the city's mayor", 3, "Rebel commanders")
    # nor is a capital that only opens the sentence, nor the party that reports the toll
    assert summary(run(text.replace("Rockets fired at Kessel", "Shells fired at Kessel"))) == conflict(
        12, "the city's mayor", 3, "Rebel commanders"
    )


def test_the_subject_of_an_absolute_with_clause_puts_its_figure_forward() -> None:
    text = (
        "Hospital officials said at least 30 people died in the overnight raids.\n\n"
        "There were conflicting accounts of the toll, with local media reporting that more than 70 "
        "people had been killed in the raids."
    )
    assert summary(run(text)) == conflict(30, "Hospital officials", 70, "local media")
