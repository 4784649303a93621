"""Attribution: which party puts each figure forward, through cues, epithets and reproduced text
(sentences written for these tests)."""

from __future__ import annotations

from bot.detect.claimants import claimant_for, find_cues
from bot.detect.entities import Entities, capitalised_chunks
from bot.detect.model import Span
from bot.detect.sentences import split_sentences

from .helpers import run, summary


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


def test_a_relative_clause_opened_by_a_preposition_has_its_own_speaker_and_scope() -> None:
    doc = (
        "Inspectors studied the year in which the county office counted 1,400 late referrals. "
        "About 20 homes burned in the fire, in which residents say the alarm failed. "
        "The clash, in which the ministry said 13 rebels died, began when 50 troops landed."
    )
    assert claimants(doc) == ["the county office", None, "the ministry"]
    sentences = split_sentences(doc)
    entities = Entities([m for s in sentences for m in capitalised_chunks(s)])
    last = sentences[2]
    troops = last.start + last.text.index("50")
    assert claimant_for(troops, find_cues(last, entities)) is None  # past the clause's closing comma


def test_the_inspectors_closer_figure_answers_the_office_they_inspected() -> None:
    article = (
        "Inspectors studied the year in which the county office counted 1,400 late referrals. "
        "There were closer to 9,000 late referrals that year, the inspectors found."
    )
    assert summary(run(article)) == {
        (1_400, "the county office", "the inspectors", "conflict"),
        (9_000, "the inspectors", "the county office", "conflict"),
    }


def test_a_cue_after_the_figure_that_introduces_its_own_words_does_not_attribute_it() -> None:
    # "since X announced a crackdown": X announced the crackdown, not the toll before it
    doc = (
        "More than 3,000 people have died since President Arno Veld announced a crackdown in 2006, "
        "according to government statistics."
    )
    assert claimants(doc) == ["government statistics"]


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


def test_the_subject_of_a_passive_quoted_as_saying_speaks() -> None:
    doc = (
        "A Marlow harbour official was quoted as saying that 40 berths were free. "
        "The ferry line has been widely cited as saying 12 crossings were cancelled."
    )
    assert claimants(doc) == ["A Marlow harbour official", "The ferry line"]


def test_a_passive_quoted_as_saying_after_a_quote_names_its_subject() -> None:
    found = run(
        "The Kessel Front says 6,000 marchers have been held. "
        '"Only about 2,500 marchers were held, and the Front knows it," a Vell deputy was quoted as saying.'
    )
    assert summary(found) == {
        (6000, "The Kessel Front", "a Vell deputy", "conflict"),
        (2500, "a Vell deputy", "The Kessel Front", "conflict"),
    }


def test_the_role_noun_resolves_to_the_person_named_before() -> None:
    doc = "Senator Maria Lopes spoke on radio. The senator said 300 schools were closing."
    assert claimants(doc) == ["Senator Maria Lopes"]


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


def _pairs(text: str) -> set[tuple[float | None, str | None, str]]:
    return {(v, c, by) for v, c, by, _ in summary(run(text))}


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


_WEIGHED = (
    "Forum user jbloggs77 says that he bought a second blender that seems sturdier than "
    "the first.\n\n"
    "Later he weighed both and found out that the new blender is 40g heavier than the old model.\n\n"
    "The reviewers at TestLab bought one too and weighed it.\n\n"
    "“Ours definitely doesn't weigh 40 grams more than the launch unit,” TestLab wrote."
)


def test_pronoun_refers_to_a_lower_case_speaker_who_speaks_of_himself() -> None:
    got = summary(run(_WEIGHED))
    assert {(v, by) for v, _, by, _ in got} == {(40, "TestLab")}
    assert all("jbloggs77" in (c or "") for _, c, _, _ in got)


def test_a_noun_ending_in_ly_after_a_determiner_stays_in_the_speaker() -> None:
    # "-ly" words are adverbs ("quickly") unless a determiner makes them nouns ("the rally")
    assert claimants(
        "Organisers of the rally said 40,000 people marched. "
        "The family said 3 relatives were missing. "
        "Police quickly said 12 people were hurt."
    ) == ["Organisers of the rally", "The family", "Police"]


def test_a_plural_possessive_apostrophe_belongs_to_the_speaker_not_to_a_quote() -> None:
    # "doctors' union": the apostrophe closes a plural possessive; 'yes' is a quoted word
    assert claimants(
        "A doctors' union said 140 patients died. "
        "The teachers’ union said 300 schools shut. "
        "He said 'yes' and the council said 12 roads flooded."
    ) == ["A doctors' union", "The teachers’ union", "the council"]


def test_a_denial_answers_a_union_named_with_a_plural_possessive() -> None:
    found = run(
        "A nurses' union said 140 patients died waiting for beds. "
        "The health ministry disputed the figure, saying the records were incomplete."
    )
    assert [(d.claim.claimant, d.disputed_by, d.kind.value) for d in found.disputes] == [
        ("A nurses' union", "The health ministry", "denial")
    ]


def test_a_spaced_hyphen_ends_a_dateline_before_the_speaker() -> None:
    assert claimants(
        "March 3 - Chile's navy chief said 14 sailors were rescued. "
        "The Al-Shabaab spokesman said 9 fighters died."
    ) == ["Chile's navy chief", "The Al-Shabaab spokesman"]


def test_the_company_never_stands_for_a_union_or_an_association() -> None:
    found = run(
        "The Harlow Tenants Association said 400 families were evicted, while the company said "
        "around 150 were."
    )
    assert [c.claimant for c in found.claims] == ["The Harlow Tenants Association", "the company"]


def test_the_company_still_stands_for_the_firm_named_last() -> None:
    found = run(
        "Kessel Mining Company said on Monday that 400 jobs would go. The company said 150 more were at risk."
    )
    assert [c.claimant for c in found.claims][-1] == "Kessel Mining Company"


def test_a_participle_takes_the_subject_of_its_own_contrast_clause() -> None:
    found = run(
        "Exiles say more than 300 people died in the crackdown, but the government rejects the "
        "figure, saying 40 people died."
    )
    assert [c.claimant for c in found.claims] == ["Exiles", "the government"]


def test_a_subject_opening_with_an_article_after_a_comma_is_its_own() -> None:
    found = run(
        "A senator claimed on Monday that 12 smugglers have been caught crossing into Arizona, "
        "though an administration official denied it."
    )
    assert summary(found) == {(12, "A senator", "an administration official", "denial")}


def test_verbs_of_forecasting_attribute_a_figure() -> None:
    found = run("Private analysts forecast a harvest of 1.1 million tonnes this season.")
    assert [c.claimant for c in found.claims] == ["Private analysts"]


def test_a_calculated_effort_names_no_speaker() -> None:
    found = run("The lawyer filed a $60 million suit. It called the book a calculated effort to sell copies.")
    assert found.disputes == ()
    assert [c.claimant for c in found.claims] == [None]


def test_newspapers_that_speculated_put_the_figure_forward() -> None:
    found = run("Newspapers have speculated that the sale might raise up to 150 million pounds.")
    assert [c.claimant for c in found.claims] == ["Newspapers"]


def test_the_subject_of_a_passive_forecast_is_what_is_forecast_not_who_forecasts() -> None:
    detection = run(
        "Cotton exports are widely forecast to fall 12 percent this season. "
        "But the growers' council said exports would fall 4 percent."
    )
    assert all(d.claim.claimant != "Cotton exports" for d in detection.disputes)
    assert all(c.claimant != "Cotton exports" for c in detection.claims)


def test_a_sentence_adverb_before_the_speaker_is_not_part_of_its_name() -> None:
    detection = run(
        "Earlier a port spokeswoman said 1,300 containers were lost. Separately, the insurer said 800 were."
    )
    assert {c.claimant for c in detection.claims} == {"a port spokeswoman", "the insurer"}


def test_an_envoy_to_a_country_is_not_the_country() -> None:
    detection = run("Chile's ambassador to the European Union said on Friday that 310 miners were trapped.")
    assert {c.claimant for c in detection.claims} == {"Chile's ambassador to the European Union"}
