"""Denials turned into disputes: hoax-debunk articles, where a satirical site's story is reproduced
or paraphrased, then rejected by a fact-checker, an agency or a company (every sentence written
for these tests)."""

from __future__ import annotations

from .helpers import run, summary

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


_REPRODUCED = (
    "A fake article was published on the satirical site DailyQuip.com claiming a budget airline "
    "will weigh its passengers.\n\n"
    "Here's what part of the fake piece says:\n\n"
    "Starting in 2025, customers over 300 lbs will be refused a seat unless they buy a second ticket. "
    "The airline, which has flown for 2 decades, said about two-thirds of adults now fly at least "
    "once a year.\n\n"
    "Staff will weigh every customer over 300 lbs at the gate, the article claims.\n\n"
    "As the fact-checking site Snopes says, nothing in the airline's policy supports it and the "
    "article can be debunked quickly."
)


def test_reproduced_hoax_figure_belongs_to_the_site_and_is_debunked_by_the_fact_checker() -> None:
    got = summary(run(_REPRODUCED))
    assert {(v, by) for v, _, by, _ in got} == {(300, "the fact-checking site Snopes")}
    assert all("DailyQuip.com" in (c or "") for _, c, _, _ in got)


def test_incidental_numbers_of_the_hoax_text_are_not_reported() -> None:
    values = {v for v, _, _, _ in summary(run(_REPRODUCED))}
    assert values == {300}  # not 2025, the two decades or two-thirds of adults


_DARKNESS = (
    "An article saying NASA confirmed 5 days of darkness next month is fake.\n\n"
    "Last week a satirical website, Quipsters.com, posted an article about five days of darkness "
    "caused by a solar storm.\n\n"
    "The story was shared widely.\n\n"
    "According to Snopes.com, similar rumours have circulated since 2012. "
    '"Neither NASA nor any credible scientific body has said such a thing," the site said.'
)


def test_a_duration_that_is_the_hoax_is_contested_and_the_silent_agency_is_not_the_denier() -> None:
    got = summary(run(_DARKNESS))
    assert {(v, by) for v, _, by, _ in got} == {(5, "Snopes.com")}
    assert {c for _, c, _, _ in got} == {"a satirical website, Quipsters.com"}  # no "Last week"


def test_the_writer_calling_a_story_fake_names_no_debunker() -> None:
    assert run("An article saying NASA confirmed 5 days of darkness next month is fake.").disputes == ()


def test_duration_of_talks_before_a_denied_figure_is_not_reported() -> None:
    text = (
        "After 3 days of talks, union leader Joe Bell said 2,000 jobs would go.\n\n"
        "Acme Corp called the figure false."
    )
    assert {v for v, _, _, _ in summary(run(text))} == {2000}


_PANEL = (
    "A viral story said a streaming network would hold a panel on its new drama.\n\n"
    "The Weekly Lantern's article read:\n\n"
    '"The network, which has 40 million subscribers, will bring 12 cast members to the panel in '
    'July. About 70 percent of fans want a reunion."\n\n'
    "But the network's executive Dana Pike said no such panel was ever planned."
)


def test_no_such_thing_denies_the_figure_of_the_reproduced_text_about_it() -> None:
    assert summary(run(_PANEL)) == {(12, "The Weekly Lantern", "the network's executive Dana Pike", "denial")}


def test_no_such_names_something_else_than_the_figure() -> None:
    text = (
        "The mayor said 300 homes were flooded on Sunday.\n\n"
        "The fire chief said no such warning had been issued before the storm."
    )
    assert run(text).disputes == ()


def test_a_speaker_who_never_said_such_a_thing_denies_nobody_elses_figure() -> None:
    text = (
        "Officials said 40 people were hurt.\n\n"
        "The minister said he had never said such a thing about the budget."
    )
    assert run(text).disputes == ()


def test_hours_of_a_state_reported_by_a_satirical_site_and_rated_false() -> None:
    text = (
        "A satirical website, the Quip Times, claimed that 12 hours of silence would be imposed "
        "nationwide.\n\n"
        "PolitiFact said the story was false."
    )
    assert {(v, by) for v, _, by, _ in summary(run(text))} == {(12, "PolitiFact")}
    assert all("Quip Times" in (c or "") for _, c, _, _ in summary(run(text)))


def test_no_such_names_the_event_of_the_hoax_figure() -> None:
    text = (
        "A story on the Daily Quip claimed NASA had warned of six days of darkness in December.\n\n"
        "NASA said no such warning was ever issued."
    )
    assert summary(run(text)) == {(6, "the Daily Quip", "NASA", "denial")}


def test_text_introduced_by_a_site_named_by_its_web_address_is_the_sites() -> None:
    text = (
        "The satirical site NewsNope.com ran a piece about a toy maker.\n\n"
        "The site wrote:\n\n"
        '"The company will recall 80,000 talking dolls after 14 years on the market."\n\n'
        "A spokesperson for the toy maker, Lena Ortiz, said the story was completely false."
    )
    assert {(v, c) for v, c, _, _ in summary(run(text))} == {(80000, "NewsNope.com")}


_WRITEUP = (
    "A story claiming a mining village in Wales was sealed off over a measles outbreak is fake.\n\n"
    "It appeared on a parody website, the Weekly Fib.\n\n"
    'The phony report says: "The village of Cwmbach has been sealed off after a family of six '
    'tested positive for measles. Cwmbach lies only 40 miles from Cardiff."\n\n'
    "Several readers shared it before noon.\n\n"
    "The fact-checking site Truthmeter has a writeup on the phony report, which says: "
    '"The parody site is known for made-up headlines. While the tale about new measles cases in '
    "Wales sounds more believable than its usual jokes, it's still entirely fabricated.\""
)


def test_a_report_that_says_is_the_claimant_and_the_site_with_the_writeup_denies_it() -> None:
    got = summary(run(_WRITEUP))
    assert {(v, c, by) for v, c, by, _ in got} == {
        (6, "The phony report", "The fact-checking site Truthmeter")
    }  # the distance to Cardiff is no part of what the tale is about


def test_the_writeup_rule_needs_an_authoring_verb() -> None:
    # the ministry rejected the report; the report, not the ministry, speaks after "which says"
    text = (
        "The ministry rejected the leaked report, which says 300 wells ran dry. "
        "Officials called the leaked report false."
    )
    got = summary(run(text))
    assert all(by != c for _, c, by, _ in got)
    assert not any(c and "ministry" in c for _, c, _, _ in got)


_PINNED_ON_THE_PIECE = (
    "On Tuesday, Harbour Weekly ran a piece by its reporter Dana Reyes about the city's ferry "
    "service.\n\n"
    "Reyes wrote that the operator had quietly cancelled the night crossings.\n\n"
    "Readers were angry all week. The '40 cancelled crossings' line kept returning throughout her "
    "piece.\n\n"
    "The operator has publicly called the Harbour Weekly story false."
)


def test_a_figure_pinned_on_the_owners_piece_is_denied_with_the_story() -> None:
    got = summary(run(_PINNED_ON_THE_PIECE))
    assert {(v, c, by) for v, c, by, _ in got} == {(40, "Harbour Weekly", "The operator")}


def test_an_unrelated_earlier_figure_is_not_pinned_on_the_story() -> None:
    text = _PINNED_ON_THE_PIECE.replace("throughout her piece", "throughout the week")
    assert summary(run(text)) == set()


_DEBUNK_FIRST = (
    "A budget airline will not weigh its passengers.\n\n"
    "A made-up story was posted on the mostly satirical site DailyQuip.com.\n\n"
    "The tale about the airline is fiction.\n\n"
    "As the fact-checking site Snopes says, “besides the practical difficulty of weighing "
    "travellers, the story can be debunked simply by looking at where it came from.”\n\n"
    "Here's what part of the fake piece says:\n\n"
    "Air travel has grown for 2 decades and most adults now fly.\n\n"
    "According to insiders, from 2025 the airline will refuse a seat to women over 180 lbs and men "
    "over 260 lbs unless they buy a second ticket.\n\n"
    "The airline is trying to change its image."
)


def test_a_debunk_before_a_piece_reproduced_over_paragraphs_covers_the_publishers_figures() -> None:
    got = summary(run(_DEBUNK_FIRST))
    assert {(v, c, by) for v, c, by, _ in got} == {
        (180, "the mostly satirical site DailyQuip.com", "the fact-checking site Snopes"),
        (260, "the mostly satirical site DailyQuip.com", "the fact-checking site Snopes"),
    }


def test_a_piece_introduced_without_a_publisher_names_no_claimant() -> None:
    text = (
        "Here's what part of the fake piece says:\n\n"
        "From 2025 the airline will refuse a seat to men over 260 lbs.\n\n"
        "Snopes says the story can be debunked quickly."
    )
    assert all(c.claimant is None for c in run(text).claims)


def test_a_denial_far_below_a_reproduced_piece_names_its_publisher_and_the_executive() -> None:
    text = (
        "On Tuesday, Harbor Monthly published an article saying a sports channel would stage a "
        "talk on player safety with no doctors.\n\n"
        "The article begins:\n\n"
        "This weekend a studio panel will talk about concussions.\n\n"
        "Up to 9 former players, aged between 41 and 70, will sit on the concussion panel. No doctors.\n\n"
        "Fans were angry.\n\n"
        + ("The reaction online was loud. " * 12)
        + "\n\nOn Sunday, the channel's Mara Quill, senior vice president of programming issued a "
        "statement refuting Harbor Monthly's report that the channel planned a concussion panel."
    )
    got = summary(run(text))
    assert {(v, c, by) for v, c, by, _ in got} == {(9, "Harbor Monthly", "the channel's Mara Quill")}


def test_denied_claim_of_a_brief_spell_is_a_dispute() -> None:
    text = (
        "The story was first published by FunnyFeed, a parody site.\n\n"
        "But NASA denies the claim that a comet will let people hover for "
        "4 seconds at a time:\n\n"
        "“These rumours are false,” the agency said."
    )
    got = summary(run(text))
    assert {(v, by) for v, _, by, _ in got} == {(4, "NASA")}


def test_a_phrase_caught_in_passing_is_no_party() -> None:
    from bot.detect.disputes import is_party

    assert not is_party("mostly local porters")
    assert not is_party("the Weather Service -- at 12")
    assert not is_party("97 percent")
    assert is_party("harbour master Rosa Quint")
    assert is_party("official figures")


def test_a_description_is_a_party_only_when_it_names_people_or_a_body() -> None:
    from bot.detect.disputes import is_party

    assert not is_party("the deal")
    assert not is_party("the riot")
    assert not is_party("the 2019 storm")
    assert is_party("the ministry")
    assert is_party("a former follower")
    assert is_party("one of the guests at the dinner")
    assert is_party("some analysts")


def test_an_acronym_after_the_and_a_party_noun_in_its_other_number_are_parties() -> None:
    from bot.detect.disputes import is_party

    parties = ["the U.N.", "the EU", "U.N.", "the companies", "a witness", "the executive"]
    assert [n for n in parties if not is_party(n)] == []
    assert [n for n in ("the it", "the deal") if is_party(n)] == []


def test_a_small_count_in_words_in_the_denial_itself_is_who_it_is_about() -> None:
    found = run(
        "The British envoy said the bodies of the two fishermen must be returned. The foreign ministry "
        "denied the navy was responsible for the deaths of two fishermen, according to state television."
    )
    assert found.disputes == ()


def test_a_small_count_others_reported_is_denied_in_the_same_sentence() -> None:
    found = run(
        "A regional paper said three soldiers were captured. The defence ministry denied reports "
        "that three soldiers were captured near the border."
    )
    assert summary(found) == {(3, "A regional paper", "The defence ministry", "denial")}


def test_a_bid_turned_down_is_declined_not_disputed() -> None:
    found = run(
        "Analyst Mara Quist noted the rival group's $8 billion cash bid that has been rejected "
        "by the railway's board."
    )
    assert found.disputes == ()


def test_a_figure_describing_something_in_a_which_clause_is_not_what_is_denied() -> None:
    found = run(
        "The bank's chairman said the fund, which is 60 percent owned by a pension group, had offered "
        "800 pence a share, a claim the pension group denied."
    )
    assert [d.claim.figure.value for d in found.disputes] == [800]


def test_a_plain_figure_for_the_same_thing_settles_a_denied_one_but_not_one_for_another_thing() -> None:
    # the article's own 219 schoolgirls taken restates "more than 200": no dispute over the number
    settled = run(
        "The rebels denied claims that they abducted more than 200 schoolgirls. In all, 219 schoolgirls "
        "were abducted from the school."
    )
    assert settled.disputes == ()
    # "more than 100 people on death row" says nothing of how many were killed
    text = (
        "The monitoring group says more than 2,100 people have been killed by soldiers since the coup. "
        "The army says that figure is exaggerated. More than 100 people are believed to be on death row."
    )
    assert summary(run(text)) == {(2100, "The monitoring group", "The army", "denial")}


def test_a_definite_noun_denied_refers_back_to_the_figure_that_counts_it() -> None:
    article = (
        "The Boston Globe reported last month that an aide to the senator had arranged a $45,000 "
        "payment to the former contractor before the primary.\n\n"
        "Both the contractor and the senator's office have since denied the affair and the payment."
    )
    assert summary(run(article)) == {
        (45_000, "The Boston Globe", "Both the contractor and the senator's office", "denial")
    }
    # a noun the figure does not count, or a longer object, points at nothing
    assert run(article.replace("denied the affair and the payment", "denied the affair")).disputes == ()
    assert run(article.replace("the payment.", "the payment was ever discussed with him.")).disputes == ()


def test_a_payment_denied_refers_back_to_the_sum_said_to_be_paid() -> None:
    article = (
        "The Marlow Courier reported on Tuesday that the harbour master was paid $26,000 by a "
        "dredging firm before the contract vote.\n\n"
        "The harbour master and the firm have denied both the payment and the meeting."
    )
    expected = (26_000, "The Marlow Courier", "The harbour master and the firm", "denial")
    assert summary(run(article)) == {expected}
    # an irregular past ("paid") is the act its gerund ("paying") names
    gerund = article.replace(
        "The harbour master and the firm have denied both the payment and the meeting",
        "The firm has denied paying the harbour master",
    )
    assert summary(run(gerund)) == {(26_000, "The Marlow Courier", "The firm", "denial")}
    # a noun of another act points at nothing
    assert run(article.replace("both the payment and", "both the settlement and")).disputes == ()


def test_both_numbers_denied_are_the_two_figures_just_given() -> None:
    article = (
        "The mayor says the fair drew more than 90,000 visitors. A local paper put attendance at "
        "41,000. The police estimated it at 35,000. The mayor disputed both numbers, saying the "
        "gates had counted far more."
    )
    denials = {d for d in summary(run(article)) if d[3] == "denial"}
    assert denials == {
        (41_000, "A local paper", "The mayor", "denial"),
        (35_000, "The police", "The mayor", "denial"),
    }


def test_a_list_documenting_deaths_is_its_publishers_figure_and_cast_doubt_names_who_doubts() -> None:
    article = (
        "The regional health office released its weekly list on Friday, documenting the deaths of "
        "more than 2,400 people since the floods began.\n\n"
        "The governor cast doubt on the figure."
    )
    assert summary(run(article)) == {(2_400, "The regional health office", "The governor", "denial")}
    recorded = article.replace("released its weekly list on Friday, documenting", "has recorded")
    assert summary(run(recorded)) == {(2_400, "The regional health office", "The governor", "denial")}


def test_the_allegations_denied_refer_back_to_a_figure_told_as_alleged() -> None:
    article = (
        "According to the Harbour Gazette, the port director allegedly steered $80,000 in fees to "
        "a friend's firm last year.\n\n"
        "A former clerk said she had raised the matter with the board in the spring.\n\n"
        "The paper reported that the firm was set up a week before the first contract.\n\n"
        "The director has denied the allegations."
    )
    assert summary(run(article)) == {(80_000, "the Harbour Gazette", "The director", "denial")}


def test_a_definite_object_ends_where_a_new_clause_begins() -> None:
    article = (
        "The Boston Globe reported last month that an aide to the senator had arranged a $45,000 "
        "payment to the former contractor before the primary.\n\n"
        "The contractor has denied the payment and Senator Hale has denied the affair."
    )
    assert (45_000, "The Boston Globe", "The contractor", "denial") in summary(run(article))
    after_comma = article.replace(
        "and Senator Hale has denied the affair.", ", and the senator's office said it would say no more."
    ).replace("payment ,", "payment,")
    assert (45_000, "The Boston Globe", "The contractor", "denial") in summary(run(after_comma))


def test_a_month_or_a_weekday_is_no_party_and_a_profession_is_one() -> None:
    from bot.detect.disputes import is_party

    assert not is_party("July")
    assert is_party("the auditors")
    assert is_party("the statisticians")
    assert is_party("the epidemiologists")
    assert not is_party("the lists")
    assert not is_party("Monday")
    assert is_party("the March Foundation")


def test_a_possessive_pronoun_before_a_person_or_a_body_names_a_party() -> None:
    from bot.detect.disputes import is_party

    assert [
        n for n in ("his campaign", "her lawyer", "their attorneys", "its spokesman") if not is_party(n)
    ] == []
    assert [n for n in ("his remarks", "their poll", "his study", "its report") if is_party(n)] == []


def test_a_figure_his_campaign_gave_is_disputed_by_his_rivals() -> None:
    found = run(
        "Senator Vell raised $3 million in the first quarter, his campaign said on Friday. Rival "
        "fundraisers disputed the number, noting that half of it was pledged, not paid."
    )
    assert summary(found) == {(3_000_000, "his campaign", "Rival fundraisers", "denial")}


def test_a_headline_in_capitals_is_no_party() -> None:
    from bot.detect.disputes import is_party

    assert not is_party("SIGN UP FOR OUR NEWSLETTER")
    assert not is_party("MAYOR DENIES BUDGET CLAIMS")
    assert is_party("NATO")
    assert is_party("U.S. NAVY")


def test_a_name_inside_a_prepositional_phrase_does_not_make_a_party() -> None:
    from bot.detect.disputes import is_party

    assert not is_party("took issue with Kessel")
    assert not is_party("figures from Marlow County")
    assert is_party("lawyers for Kessel")
    assert is_party("harbour master Rosa Quint")
