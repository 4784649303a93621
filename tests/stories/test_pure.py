"""Pure story functions: terms, scoring, conflicts, speaker extraction."""

from __future__ import annotations

import pytest

from bot.stories.conflicts import is_conflict, same_counted, same_party, speaker_before, values_conflict
from bot.stories.model import ArticleFacts, ClaimFacts, StoryTermWeight, TermKind
from bot.stories.scoring import best_story, score_stories
from bot.stories.terms import MAX_TERMS, article_terms, party_key


def _terms(*pairs: tuple[str, float]) -> tuple[StoryTermWeight, ...]:
    return tuple(StoryTermWeight(t, TermKind.TERM, w) for t, w in pairs)


def test_article_terms_carry_parties_names_and_figures() -> None:
    facts = ArticleFacts(
        title="Flood toll rises in Valencia",
        text="The Red Cross said 214 people died in the floods around Valencia.",
        claims=(ClaimFacts("the Red Cross", "people died", 214, 214, 214),),
        deniers=("Interior Ministry",),
    )
    terms = {t.term: t for t in article_terms(facts)}
    assert terms["p:red cross"].kind is TermKind.PARTY
    assert terms["p:interior ministry"].kind is TermKind.PARTY
    assert terms["f:214"].kind is TermKind.FIGURE
    assert terms["t:valencia"].weight > terms["t:flood"].weight  # a name outweighs a word
    assert "t:the" not in terms


def test_article_terms_are_capped() -> None:
    words = [f"{a}{b}{c}" for a in "bcdfg" for b in "aeiou" for c in "klmnp"]
    text = "Then " + " ".join(f"Zed{w} {w}ster" for w in words)
    assert len(article_terms(ArticleFacts("Title", text))) == MAX_TERMS


def test_party_key_normalises() -> None:
    assert party_key("The  Syrian Observatory, for Human Rights") == "syrian observatory for human rights"


def test_best_story_prefers_the_story_sharing_names() -> None:
    article = _terms(("t:valencia", 2.0), ("t:flood", 1.0), ("t:toll", 1.0), ("p:red cross", 3.0))
    shared = {
        1: {"t:flood": 1.0, "t:toll": 1.0},  # another flood somewhere else
        2: {"t:valencia": 2.0, "t:flood": 1.0, "p:red cross": 3.0},
    }
    match = best_story(article, shared, n_stories=10)
    assert match is not None
    assert match.story_id == 2
    assert match.names == 2


def test_shared_common_words_alone_do_not_join() -> None:
    article = _terms(("t:valencia", 2.0), ("t:flood", 1.0), ("t:toll", 1.0), ("t:rise", 1.0))
    assert best_story(article, {1: {"t:flood": 1.0, "t:toll": 1.0, "t:rise": 1.0}}, n_stories=3) is None


def test_terms_shared_by_many_stories_count_less() -> None:
    article = _terms(("t:government", 2.0), ("t:valencia", 2.0))
    shared = {n: {"t:government": 2.0} for n in range(1, 6)} | {9: {"t:valencia": 2.0}}
    scores = {m.story_id: m.score for m in score_stories(article, shared, n_stories=6)}
    assert scores[9] > scores[1]


def test_no_candidates_means_a_new_story() -> None:
    assert best_story(_terms(("t:valencia", 2.0)), {}, n_stories=0) is None


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


def test_a_multiword_name_is_one_heavy_term_and_its_words_are_light() -> None:
    facts = ArticleFacts(
        title="Talks stall in Geneva",
        text="Negotiators of the Northern Fisheries Council left Geneva without a deal on quotas.",
    )
    terms = {t.term: t.weight for t in article_terms(facts)}
    assert terms["n:northern fisheries council"] == 3.0
    assert terms["t:council"] == 1.0  # "Council" alone recurs in unrelated stories
    assert terms["t:geneva"] == 2.0  # a name standing on its own stays heavy
