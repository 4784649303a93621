"""Shapes seen in real debunk articles that earlier rules missed: a denial in the middle of a
long quotation, "such a pronouncement", brief spells ("for 4 seconds"), "any two" (every
sentence written for these tests)."""

from __future__ import annotations

from bot.detect.figures import find_figures
from bot.detect.model import Span

from .helpers import run, summary

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


def _values(text: str) -> list[float | None]:
    return [f.value for f in find_figures(Span(text, 0, len(text)))]


def test_brief_spell_a_thing_lasts_is_a_figure_but_long_spans_are_not() -> None:
    assert _values("The trick lets you hover for 4 seconds at a time.") == [4]
    assert _values("The lights would flicker for ten minutes.") == [10]
    assert _values("The talks went on for 3 years.") == []
    assert _values("The minister spoke 10 minutes ago.") == []


def test_any_two_is_a_way_of_picking_not_a_count() -> None:
    assert _values("A gap of 1.2 grams between any two units is normal.") == [1.2]


def test_denied_claim_of_a_brief_spell_is_a_dispute() -> None:
    text = (
        "The story was first published by FunnyFeed, a parody site.\n\n"
        "But NASA denies the claim that a comet will let people hover for "
        "4 seconds at a time:\n\n"
        "“These rumours are false,” the agency said."
    )
    got = summary(run(text))
    assert {(v, by) for v, _, by, _ in got} == {(4, "NASA")}


def test_measurement_with_a_glued_unit_is_a_figure() -> None:
    assert _values("The newer kettle is 35g lighter than the old one.") == [35]
    assert _values("The trail is 12km long.") == [12]


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


def test_pronoun_i_is_not_part_of_a_name() -> None:
    from bot.detect.entities import capitalised_chunks

    text = "I compared it with the Model X I bought in May."
    names = [m.name for m in capitalised_chunks(Span(text, 0, len(text)))]
    assert "Model X I" not in names
    assert "Model X" in names


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
