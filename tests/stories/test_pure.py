"""Pure story functions: conflicts, speaker extraction."""

from __future__ import annotations

import pytest

from bot.stories.conflicts import is_conflict, same_counted, same_party, speaker_before, values_conflict
from bot.stories.events import RARITY_CAP, event_profile, evidence, norm, rarity, same_event
from bot.stories.model import ClaimFacts
from bot.stories.terms import party_key


def test_party_key_normalises() -> None:
    assert party_key("The  Syrian Observatory, for Human Rights") == "syrian observatory for human rights"


TOLL = ClaimFacts("the health ministry", "people killed", 150, 150, 150)


@pytest.mark.parametrize(
    ("later", "conflict"),
    [
        (ClaimFacts("a monitoring group", "people killed", None, 2000, None), True),
        (ClaimFacts("a monitoring group", "people killed", 160, 140, 180), False),  # ranges overlap
        (ClaimFacts("the Health Ministry", "people killed", 300, 300, 300), False),  # self-revision
        (ClaimFacts("the ministry", "people killed", 300, 300, 300), False),  # short mention, same source
        (ClaimFacts("a monitoring group", "homes destroyed", 2000, 2000, 2000), False),  # other thing
        (ClaimFacts(None, "people killed", 2000, 2000, 2000), False),  # nobody to set against
        (ClaimFacts("a monitoring group", "people killed", 2000, 2000, 2000, "USD"), False),  # unit
    ],
)
def test_conflict_rules(later: ClaimFacts, conflict: bool) -> None:
    assert is_conflict(TOLL, later) is conflict


def test_helpers() -> None:
    assert same_party("the Observatory", "Syrian Observatory for Human Rights")
    assert not same_party("Kremlin", None)
    assert same_counted("people killed", "people killed in the strike")
    assert not same_counted("people", "")
    assert not values_conflict(ClaimFacts(None, "x", None, None, None), TOLL)


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker"),
    [
        ("Acme Motors denies report of mass layoffs", "denies", "Acme Motors"),
        ("The company on Tuesday denied the report", "denied", "The company"),
        ("Report: Acme denies cuts", "denies", "Acme"),
        ("On Monday the ministry dismissed it", "dismissed", "the ministry"),
        ("it was rejected", "rejected", None),
        ("Lena Ortiz, the ministry's spokeswoman, dismissed the figure", "dismissed", "Lena Ortiz"),
        ("Karsa's transport ministry said on Friday it was false", "said", "Karsa's transport ministry"),
        ("Acme's spokesman on Tuesday denied it", "denied", "Acme's spokesman"),
    ],
)
def test_speaker_before_cue(sentence: str, cue: str, speaker: str | None) -> None:
    assert speaker_before(sentence, sentence.index(cue)) == speaker


def _profile(title: str, text: str, claims: tuple[ClaimFacts, ...] = ()) -> dict[str, float]:
    return {k.key: k.weight for k in event_profile(title, text, claims)}


def test_outlets_agencies_and_common_words_are_never_keys() -> None:
    keys = _profile(
        "Reuters: talks resume in Geneva",
        "The Associated Press and Reuters said talks between Norvik and Tessaly resumed in Geneva, "
        "the BBC reported, and the government would confirm the first results.",
    )
    assert not [k for k in keys if any(w in k for w in ("reuters", "associated press", "bbc"))]
    assert not {"w:confirm", "w:first", "w:government", "e:government"} & set(keys)
    assert {"e:norvik", "e:tessaly"} <= set(keys)


def test_close_figures_of_the_same_counted_thing_share_a_key() -> None:
    a = _profile(
        "", "Dockers walked out.", (ClaimFacts("the guild", "striking dockworkers", 4200, 4200, 4200),)
    )
    b = _profile(
        "", "Dockers walked out.", (ClaimFacts("the port", "striking dockworkers", 4000, 4000, 4000),)
    )
    c = _profile(
        "", "Dockers walked out.", (ClaimFacts("the port", "striking dockworkers", 1100, 1100, 1100),)
    )
    assert {k for k in a if k.startswith("q:")} & {k for k in b if k.startswith("q:")}
    assert not {k for k in a if k.startswith("q:")} & {k for k in c if k.startswith("q:")}


def test_evidence_is_symmetric_and_counts_a_name_and_its_words_once() -> None:
    recall = _profile(
        "Glenmoor Mining recalls haul trucks", "Glenmoor Mining recalls haul trucks over brakes."
    )
    cuts = _profile(
        "Glenmoor Mining to shed copper jobs", "Glenmoor Mining plans to shed jobs at copper pits."
    )
    there, back = evidence(recall, cuts), evidence(cuts, recall)
    assert there == back
    assert there.shared == ("e:glenmoor mining",)  # "glenmoor" and "mining" are the same name
    assert not there.same_event


def test_same_event_decides_as_evidence_does() -> None:
    texts = [
        (
            "Harbour crane collapse injures 12 dockworkers",
            "A crane at Port Velmar collapsed, injuring 12 dockworkers.",
        ),
        (
            "Port Velmar crane fell on 12 dockworkers",
            "Twelve dockworkers were hurt when a Port Velmar crane fell.",
        ),
        (
            "Velmar port reopens after crane collapse",
            "Port Velmar reopened on Monday after the crane collapse.",
        ),
        ("Glenmoor Mining recalls haul trucks", "Glenmoor Mining recalls haul trucks over brakes."),
        ("Glenmoor Mining to shed copper jobs", "Glenmoor Mining plans to shed jobs at copper pits."),
        ("", ""),
    ]
    profiles = [_profile(title, text) for title, text in texts]
    decided = []
    for a in profiles:
        for b in profiles:
            # a neighbour is given by the keys it shares only, with its whole profile's norm
            theirs = {key: weight for key, weight in b.items() if key in a}
            decided.append(same_event(a, theirs, norm(a), norm(b)))
            assert decided[-1] == evidence(a, theirs, norm(a), norm(b)).same_event
    assert True in decided
    assert False in decided


def test_the_words_of_a_common_english_text_weigh_nothing() -> None:
    assert rarity("the") == 0.0
    assert rarity("said") == 0.0
    assert 0.0 < rarity("dockworker") <= RARITY_CAP
