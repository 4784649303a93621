"""One made-up article per general rule (sentences written for these tests)."""

from .helpers import run, summary


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
