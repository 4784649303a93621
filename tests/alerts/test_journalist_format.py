"""The alert as a journalist writes it: exact texts for real-shaped stories (tests/fakes/alert_stories.py).

First line the contested claim (figure, what it counts, who says so), then who disputes it in
their own words with their own figure, then sources. Each claim said once, however many
articles, headlines and aliases repeat it; no host names, no internal labels.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from fakes.alert_stories import (
    DELTA,
    GAZETTE,
    HERALD,
    LEDGER,
    POLICE_COUNT,
    POLICE_REVISED,
    POST,
    calder,
    darkness,
    orun,
    view,
)

from bot.alerts.format import format_alert, format_details, format_digest
from bot.alerts.model import DisputeView, StoryEvidence, StoryView
from bot.claims import contested, counted_named, figure_words, same_party, shown_party
from bot.claims.parties import full_name, speaks_in, speaks_in_a_clause

ORUN_LEAD = (
    "⚠️ <b>about 4,300 people killed</b> — the Riverland Monitoring Network\n"
    "Disputed by the health ministry: “<i>These numbers are invented</i>”; counter-figure: <b>612 deaths</b>"
)
ORUN_SOURCES = (
    "Sources:\n"
    '• <a href="https://news.example/1">Orun floods: monitor says 4,300 killed</a> · 04 Mar 2026, 08:00 UTC\n'
    '• <a href="https://news.example/2">Health ministry rejects Orun flood toll</a>'
    " · 04 Mar 2026, 11:00 UTC\n"
    '• <a href="https://news.example/3">Orun toll row deepens as monitor stands by count</a>'
    " · 05 Mar 2026, 09:00 UTC"
)


def alert_text(disputes: tuple[DisputeView, ...], *, updated: bool = False) -> str:
    rendered = format_alert(StoryView(7, "unused: the alert leads with the claim", disputes), updated=updated)
    assert rendered is not None
    return rendered.text


def test_the_orun_alert_says_the_claim_once_with_the_ministrys_words_and_figure() -> None:
    # five stored disputes: the body's claim, the headline repeating it, the ministry's figure,
    # the ministry again under a shorter name, and the conflict read the other way round
    assert alert_text(orun()) == f"{ORUN_LEAD}\n\n{ORUN_SOURCES}"


def test_an_edit_says_what_is_new_in_one_short_line() -> None:
    assert alert_text(orun(), updated=True) == (
        f"{ORUN_LEAD}\n\n"
        '🔄 Updated 05 Mar 2026, 09:00 UTC: <a href="https://news.example/3">'
        "Orun toll row deepens as monitor stands by count</a>\n\n"
        f"{ORUN_SOURCES}"
    )


def test_the_calder_crowd_counts_show_each_partys_figure_and_its_revision() -> None:
    assert alert_text(calder()) == (
        "⚠️ <b>40,000 marchers</b> — the dockers' union\n"
        "Contradicted by police: <b>about 12,000 people marched</b>, later <b>15,000 marchers</b>\n\n"
        "Sources:\n"
        '• <a href="https://news.example/11">Calder march: police and union far apart on turnout</a>'
        " · 04 Mar 2026, 10:00 UTC\n"
        '• <a href="https://news.example/12">Police revise Calder march count</a> · 05 Mar 2026, 14:00 UTC'
    )


def test_the_hoax_leads_with_the_denied_figure_and_hides_hosts_and_unnamed_counts() -> None:
    # "news.example" (a host name the linker once used as a speaker) and "five reaching" (a figure
    # whose counted thing is a verb) never appear
    assert alert_text(darkness()) == (
        "⚠️ <b>six days of darkness</b> — a viral post\n"
        "Disputed by the space agency: “<i>nothing of the sort will happen</i>”\n\n"
        "Sources:\n"
        '• <a href="https://news.example/31">Six days of darkness? What the viral post gets wrong</a>'
        " · 04 Mar 2026, 09:00 UTC\n"
        '• <a href="https://news.example/32">Space agency: no six days of darkness in December</a>'
        " · 04 Mar 2026, 14:00 UTC"
    )


def test_a_story_whose_only_figure_counts_nothing_nameable_gets_no_alert() -> None:
    junk = tuple(d for d in darkness() if d.counted == "reaching")
    assert format_alert(StoryView(7, "t", junk)) is None


def test_the_digest_lists_each_story_once() -> None:
    disputes = [
        *orun(),
        *(replace(d, story_id=8) for d in calder()),
        *(replace(d, story_id=9) for d in darkness()),
    ]
    assert format_digest("last hour", disputes) == (
        "🗞 <b>Contested figures, last hour</b> (3)\n\n"
        "1. <b>about 4,300 people killed</b> — the Riverland Monitoring Network; disputed by the health "
        'ministry. <a href="https://news.example/3">Orun toll row deepens as monitor stands by count</a>'
        " · /claim 5\n\n"
        "2. <b>six days of darkness</b> — a viral post; disputed by the space agency. "
        '<a href="https://news.example/32">Space agency: no six days of darkness in December</a>'
        " · /claim 33\n\n"
        "3. <b>40,000 marchers</b> — the dockers' union; disputed by police. "
        '<a href="https://news.example/12">Police revise Calder march count</a> · /claim 23'
    )


def test_details_fit_one_message() -> None:
    evidence = StoryEvidence(
        3, 7, "Orun floods: the toll is contested", orun(), (), (), (HERALD, POST, DELTA)
    )
    assert format_details(evidence) == [
        "🔎 <b>Evidence</b> · claim #3\n"
        "Orun floods: the toll is contested\n\n"
        f"{ORUN_LEAD.removeprefix('⚠️ ')}\n"
        'Said in: <a href="https://news.example/1">Orun floods: monitor says 4,300 killed</a>\n\n'
        "<b>Sources</b> (3)\n"
        '• <a href="https://news.example/1">Orun floods: monitor says 4,300 killed</a>'
        " · 04 Mar 2026, 08:00 UTC · opened the story\n"
        '• <a href="https://news.example/2">Health ministry rejects Orun flood toll</a>'
        " · 04 Mar 2026, 11:00 UTC · disputes the claim\n"
        '• <a href="https://news.example/3">Orun toll row deepens as monitor stands by count</a>'
        " · 05 Mar 2026, 09:00 UTC · disputes the claim"
    ]


@pytest.mark.parametrize("seed", range(60))
def test_the_same_disputes_in_any_order_give_the_same_alerts(seed: int) -> None:
    """Arrival order (and so database ids) changes nothing a reader sees."""
    rng = random.Random(seed)
    stories = {7: orun(), 8: calder(), 9: darkness()}
    expected = {sid: alert_text(tuple(replace(d, story_id=sid) for d in ds)) for sid, ds in stories.items()}
    everything = [replace(d, story_id=sid) for sid, ds in stories.items() for d in ds]
    digest = format_digest("last hour", everything)
    shuffled = everything[:]
    rng.shuffle(shuffled)
    assert format_digest("last hour", shuffled) == digest
    ids = rng.sample(range(1, 1000), len(shuffled))  # other arrival order: other ids
    renumbered = [replace(d, id=n) for d, n in zip(shuffled, ids, strict=True)]
    for sid, text in expected.items():
        assert alert_text(tuple(d for d in renumbered if d.story_id == sid)) == text


def test_parties_are_compared_through_their_aliases() -> None:
    assert same_party("the health ministry", "The Ministry")
    assert same_party("DHS", "the Department of Homeland Security")
    assert same_party("the health ministry of Orun province", "the health ministry")
    assert not same_party("the health ministry", "the education ministry")
    assert not same_party(None, "the ministry")


def test_only_parties_named_in_the_text_and_speaking_are_shown() -> None:
    sentence = "An administration official denied it, the paper said."
    assert shown_party("127.0.0.1", [sentence]) is None
    assert shown_party("news.example", [sentence]) is None
    assert shown_party("unnamed source", [sentence]) is None
    assert shown_party("DHS", [sentence]) is None  # not in the text
    assert shown_party("An administration official", [sentence]) == "an administration official"
    # a common noun that opened its sentence is written small after "by" or a dash; names are not
    assert shown_party("Police", ["Police counted 12,000 marchers."]) == "police"
    assert shown_party("Critics", ["Critics call the figure inflated."]) == "critics"
    assert shown_party("Amnesty", ["Amnesty counted 2,000."]) == "Amnesty"
    assert shown_party("POLICE", ["POLICE counted 12,000."]) == "POLICE"
    assert not speaks_in("Texas", "Crowds in Texas cheered, though an administration official denied it.")
    assert speaks_in("the ministry", "“These numbers are invented,” the ministry said.")
    # a figure the speaker sets itself against is the object of "below", not the speaker
    sentence = "The harvest will fall below official forecasts of 75 million tonnes, traders said."
    assert not speaks_in("official forecasts", sentence)
    assert full_name("The space", "The space agency denied the claim.") == "The space agency"
    assert full_name("The ministry", "The ministry again denied the claim.") == "The ministry"


def test_figures_read_as_written_and_only_when_what_they_count_has_a_name() -> None:
    assert figure_words("approximately  110,000") == "approximately 110,000"  # no "about" added
    assert figure_words("Only five") == "only five"  # no "exactly" added
    assert figure_words("hundreds") == "hundreds"  # no "vague" added
    assert counted_named("people killed")
    assert counted_named("days of darkness")
    assert not counted_named("quantity")
    assert not counted_named("reaching")
    assert not counted_named("")


def test_the_headline_is_evidence_for_the_body_claim_not_a_second_claim() -> None:
    [claim] = contested(orun())
    assert claim.claim.label() == "about 4,300 people killed"
    assert [m.sentence for m in claim.claim.mentions][:2] == [
        "The Riverland Monitoring Network said about 4,300 people have been killed in the Orun floods "
        "since March.",
        "Orun floods: monitor says 4,300 killed",
    ]
    assert claim.parties == ("the health ministry",)


UNION_REJECTS = "The dockers' union rejected the police count."


def test_a_party_revising_its_own_figure_is_one_claim_said_with_its_revision() -> None:
    police = {"claimant": "Police", "claim_source": GAZETTE, "counted": "people marched"}
    union = {
        "disputed_by": "The dockers' union",
        "dispute_sentence": UNION_REJECTS,
        "dispute_source": GAZETTE,
    }
    disputes = (
        view(41, **police, figure_text="about 12,000", value=12000.0, claim_sentence=POLICE_COUNT, **union),
        view(
            42,
            **{**police, "claim_source": LEDGER, "counted": "marchers"},
            figure_text="15,000",
            value=15000.0,
            claim_sentence=POLICE_REVISED,
            **{**union, "dispute_source": LEDGER},
        ),
    )
    assert alert_text(disputes).split("\n\nSources:")[0] == (
        "⚠️ <b>about 12,000 people marched</b>, later <b>15,000 marchers</b> — police\n"
        "Disputed: <i>The dockers' union rejected the police count.</i>"
    )


def _containers_lost(n: int, sentence: str, disputer: str) -> DisputeView:
    """The port authority's count of lost containers, disputed in that same sentence."""
    return view(
        n,
        figure_text="4,000",
        value=4000.0,
        counted="containers lost",
        claimant="The port authority",
        claim_sentence=sentence,
        claim_source=GAZETTE,
        disputed_by=disputer,
        dispute_sentence=sentence,
        dispute_source=GAZETTE,
    )


@pytest.mark.parametrize(
    ("sentence", "disputer"),
    [
        (
            "The port authority said 4,000 containers were lost, a figure the dockers' union rejects.",
            "the dockers' union",
        ),
        (
            "The port authority says 4,000 containers were lost, but the dockers' union denies it.",
            "the dockers' union",
        ),
        ("The port authority counted 4,000 lost containers; insurers dispute that number.", "insurers"),
    ],
)
def test_a_denial_by_a_second_speaker_in_the_claims_own_sentence_is_alerted(
    sentence: str, disputer: str
) -> None:
    """The claimant speaks first, the disputer in a later clause: the claim is contested by the
    disputer, not dropped as the claimant restating itself."""
    dispute = _containers_lost(51, sentence, disputer)
    [claim] = contested((dispute,))
    assert [same_party(p, disputer) for p in claim.parties] == [True]
    assert f"Disputed by {disputer}" in alert_text((dispute,))


def test_the_claimants_own_sentence_alone_disputes_nothing() -> None:
    sentence = "The port authority said 4,000 containers were lost and denied any negligence."
    dispute = _containers_lost(52, sentence, "the port authority")
    assert contested((dispute,)) == ()
    assert not speaks_in_a_clause("negligence", sentence)


def test_a_conflict_is_contradicted_by_whoever_gives_the_rival_figure() -> None:
    """The rival figure's sentence has no reporting verb ("…, according to the union"): the
    rebuttal is still the union's, not an unnamed article's."""
    police = "Police said about 12,000 people marched through Calder on Saturday."
    union = "Turnout was 60,000 people, according to the dockers' union."
    dispute = view(
        61,
        kind="conflict",
        figure_text="about 12,000",
        qualifier="about",
        value=12000.0,
        counted="people marched",
        claimant="Police",
        claim_sentence=police,
        claim_source=GAZETTE,
        disputed_by="the dockers' union",
        dispute_sentence=union,
        dispute_source=LEDGER,
        counter_figure="60,000",
        counter_value=60000.0,
        counter_claimant="the dockers' union",
        counter_counted="people",
        counter_sentence=union,
    )
    assert alert_text((dispute,)).split("\n\nSources:")[0] == (
        "⚠️ <b>about 12,000 people marched</b> — police\n"
        "Contradicted by the dockers' union: <b>60,000 people</b>"
    )


def test_a_sum_keeps_the_currency_the_sentence_writes_after_it() -> None:
    sentence = "The transport ministry said the bridge repair cost 90 million dollars."
    dispute = view(
        71,
        figure_text="90 million",
        value=90e6,
        counted="cost",
        claimant="The transport ministry",
        claim_sentence=sentence,
        claim_source=GAZETTE,
        disputed_by="The opposition",
        dispute_sentence="The opposition called the figure false.",
        dispute_source=GAZETTE,
    )
    assert alert_text((dispute,)).startswith("⚠️ <b>90 million dollars cost</b> — the transport ministry\n")


def test_a_reported_denial_followed_by_its_counter_figure_loses_its_full_stop() -> None:
    claim = "The finance ministry said the new bridge cost $72 million."
    audit = "The audit office rejected the figure and put the cost at $118 million."
    dispute = view(
        81,
        figure_text="$72 million",
        value=72e6,
        counted="cost",
        claimant="The finance ministry",
        claim_sentence=claim,
        claim_source=GAZETTE,
        disputed_by="The audit office",
        dispute_sentence=audit,
        dispute_source=LEDGER,
        counter_figure="$118 million",
        counter_value=118e6,
        counter_claimant="The audit office",
        counter_counted="cost",
        counter_sentence=audit,
    )
    rebuttal = alert_text((dispute,)).split("\n\nSources:")[0].splitlines()[1]
    assert rebuttal == (
        "Disputed: <i>The audit office rejected the figure and put the cost at $118 million</i>; "
        "counter-figure: <b>$118 million cost</b>"
    )
