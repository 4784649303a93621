"""Finding and normalising figures: numbers, words, qualifiers, ranges, what is not a figure, caps
(sentences written for these tests)."""

from __future__ import annotations

import pytest

from bot.detect.figures import MAX_FIGURES, disjoint, find_figures, interval, plausible_interval
from bot.detect.model import Span

from .helpers import conflict, run, summary


def figs(text: str) -> list[tuple[str, float | None, float | None, float | None, str | None, str | None]]:
    return [
        (f.span.text, f.value, f.low, f.high, f.qualifier, f.unit)
        for f in find_figures(Span(text, 0, len(text)))
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The fund lost 3,450 accounts.", 3450, None),
        ("Output rose to 1.2 million barrels.", 1_200_000, None),
        ("The deal was worth $72m in cash.", 72_000_000, "USD"),
        ("The club paid £1.5bn for the land.", 1_500_000_000, "GBP"),
        ("A petition drew 10k names.", 10_000, None),
        ("Turnout fell by 12.5% overall.", 12.5, "%"),
        ("Fees rose 8 per cent again.", 8, "%"),
        ("They hired ten thousand stewards.", 10_000, None),
        ("She baked two dozen loaves.", 24, None),
        ("Some twenty-five boats sank.", 25, None),
        ("Sales hit €3.1 billion last quarter.", 3_100_000_000, "EUR"),
        ("The grant was half a million dollars.", 500_000, "USD"),
        ("Organisers counted three and a half million marchers.", 3_500_000, None),
        ("The ferry carried two and a half thousand tonnes.", 2_500, None),
    ],
)
def test_numbers_are_normalised(text: str, value: float, unit: str | None) -> None:
    found = figs(text)
    assert len(found) == 1
    assert found[0][1] == pytest.approx(value)
    assert found[0][5] == unit


def test_qualifiers_set_bounds() -> None:
    text = "Police counted about 400 marchers, more than 90 arrests, up to 7 injuries and at least 3 fires."
    assert figs(text) == [
        ("about 400", 400, None, None, "about", None),
        ("more than 90", 90, 90, None, "more than", None),
        ("up to 7", 7, None, 7, "up to", None),
        ("at least 3", 3, 3, None, "at least", None),
    ]


def test_above_and_below_bound_a_figure_like_more_and_less_than() -> None:
    text = "Rescuers said the toll was above 300; the agency put it below 120."
    assert [f[:5] for f in figs(text)] == [
        ("above 300", 300, 300, None, "more than"),
        ("below 120", 120, None, 120, "less than"),
    ]


def test_a_real_number_above_anothers_figure_is_a_conflict() -> None:
    found = run(
        "The harbour board said 2,300 boats were damaged by the storm. "
        "Fishermen's groups said the real number was above 5,000."
    )
    assert summary(found) == conflict(2300, "The harbour board", 5000, "Fishermen's groups")


def test_as_many_as_spans_its_whole_phrase_and_stresses_a_large_figure() -> None:
    text = "The army put the dead at about 150, while the opposition said as many as 2,000."
    found = find_figures(Span(text, 0, len(text)))
    assert [f.span.text for f in found] == ["about 150", "as many as 2,000"]
    assert plausible_interval(found[1])[0] > 1000  # not "anything up to 2,000"
    assert disjoint(found[0], found[1])


def test_rival_tolls_of_about_150_and_as_many_as_2000_conflict() -> None:
    found = run(
        "The army has put the number of dead at about 150, while the opposition has said as many "
        "as 2,000 people were killed."
    )
    assert summary(found) == conflict(150, "The army", 2000, "the opposition")


def test_a_number_after_a_headline_colon_is_a_figure_but_a_bare_id_is_not() -> None:
    assert [f[0] for f in figs("Coastguard: 1,400 boats stranded by the storm")] == ["1,400"]
    assert [f[0] for f in figs("UN: 1.2 million displaced")] == ["1.2 million"]
    assert figs("Ticket id: 4471 was sold twice") == []


@pytest.mark.parametrize(
    ("text", "span", "value", "low"),
    [
        ("A quarter of a million people marched.", "A quarter of a million", 250_000, None),
        ("Three quarters of a million ballots arrived.", "Three quarters of a million", 750_000, None),
        ("About one-and-a-half million people fled.", "About one-and-a-half million", 1_500_000, None),
        ("Hundreds of thousands of people fled.", "Hundreds of thousands", None, 200_000),
    ],
)
def test_fractions_of_a_scale_and_hundreds_of_thousands(
    text: str, span: str, value: float | None, low: float | None
) -> None:
    [(found_span, found_value, found_low, *_)] = figs(text)
    assert (found_span, found_value, found_low) == (span, value, low)


def test_ranges_and_vague_amounts() -> None:
    text = "Between 40 and 55 families left; analysts expect 3-4 million visitors and hundreds of volunteers."
    found = figs(text)
    assert found[0][:5] == ("Between 40 and 55", None, 40, 55, "between")
    assert found[1][1:4] == (None, 3_000_000, 4_000_000)
    assert found[2][4] == "vague"


def test_an_old_year_is_only_a_year_where_it_reads_as_one() -> None:
    assert [f[0] for f in figs("Fire reached 1200 homes in 1200 acres of forest.")] == ["1200", "1200"]


def test_an_emergency_number_is_only_skipped_where_it_is_dialled() -> None:
    assert [f[0] for f in figs("The blast killed 112 people and 911 homes lost power.")] == ["112", "911"]


def test_nearly_and_almost_are_upper_bounds() -> None:
    (fig,) = find_figures(Span("Nearly 800 ships waited.", 0, 24))
    assert fig.high == 800
    assert fig.qualifier == "nearly"
    lo, hi = interval(fig)
    assert lo < 800 <= hi


@pytest.mark.parametrize(
    "text",
    [
        "The vote is on March 14 and the report came out Oct. 3.",
        "It happened in 2019 and again in 1998.",
        "The meeting starts at 10:30 a.m. or 7 pm.",
        "A 43-year-old driver and a woman aged 67 were hurt; he died at the age of 81.",
        "She finished 2nd and the 14th edition sold out.",
        "Flight 370, a Boeing 747 and the A320 were listed.",
        "Call 555-201-3344 for details.",
        "The strike lasted 36 hours after six months of talks.",
        "Write to Ines Rao, 52, at the office.",
        "The 9/11 memorial reopened.",
        "A neighbour called 911 and the 911 call was later released.",
        "He dialled 999 before the 999 operator hung up.",
        "The abbey was founded in 1132, and rebuilt since 1540 when the king seized it.",
        "The firm was not among the top 10 suppliers last year.",
        "He drew a 9 mm pistol; she kept a .38-caliber revolver and 5.56 millimetre rounds.",
    ],
)
def test_dates_times_ages_ordinals_identifiers_and_durations_are_skipped(text: str) -> None:
    assert figs(text) == []


def test_zero_after_a_noun_is_a_name_but_a_bare_zero_counts() -> None:
    assert figs("He met patient zero near ground zero.") == []
    assert [f[1] for f in figs("The real number is zero.")] == [0]


# --- figures -----------------------------------------------------------------------------------------


def _bounds(text: str) -> list[tuple[float | None, float | None, float | None, str | None]]:
    return [(f.value, f.low, f.high, f.qualifier) for f in find_figures(Span(text, 0, len(text)))]


def test_capitalised_number_word_after_a_label_or_dash() -> None:
    assert _bounds("Claim: Eleven barges sank near the delta.") == [(11, None, None, None)]
    assert _bounds("The count — Twelve boats — was disputed.") == [(12, None, None, None)]
    assert _bounds("She watched Ocean's Eleven again.") == []


def test_number_words_and_scales() -> None:
    assert _bounds("Nearly ten thousand fans waited outside.")[0][0] == 10000
    assert _bounds("Some two dozen boats were seized.")[0][0] == 24
    assert _bounds("The fund lost 1.2 million dollars.")[0][0] == 1_200_000
    assert _bounds("They raised 10k for the shelter.")[0][0] == 10_000


def test_qualifiers_bound_the_value() -> None:
    assert _bounds("More than 150 boats sank.") == [(150, 150, None, "more than")]
    assert _bounds("Up to 40 boats sank.")[0][1:] == (None, 40, "up to")
    assert _bounds("As many as 40 boats sank.")[0][1:] == (None, 40, "up to")
    between = _bounds("Between 10 and 20 boats sank.")
    assert len(between) == 1
    assert between[0][1:3] == (10, 20)


def test_not_figures_dates_times_ages_ordinals_identifiers() -> None:
    assert _bounds("The vote on March 3, 2014 at 10:30 was the third.") == []
    assert _bounds("Flight 370 left at 9 a.m.") == []
    assert _bounds("The skipper, 54, was questioned.") == []


def _values(text: str) -> list[float | None]:
    return [f.value for f in find_figures(Span(text, 0, len(text)))]


def test_brief_spell_a_thing_lasts_is_a_figure_but_long_spans_are_not() -> None:
    assert _values("The trick lets you hover for 4 seconds at a time.") == [4]
    assert _values("The lights would flicker for ten minutes.") == [10]
    assert _values("The talks went on for 3 years.") == []
    assert _values("The minister spoke 10 minutes ago.") == []


def test_any_two_is_a_way_of_picking_not_a_count() -> None:
    assert _values("A gap of 1.2 grams between any two units is normal.") == [1.2]


def test_measurement_with_a_glued_unit_is_a_figure() -> None:
    assert _values("The newer kettle is 35g lighter than the old one.") == [35]
    assert _values("The trail is 12km long.") == [12]


def test_a_span_of_some_state_is_a_figure_but_a_dating_duration_is_not() -> None:
    def values(text: str) -> list[float | None]:
        return [f.value for f in find_figures(Span(text, 0, len(text)))]

    assert values("the site warned of three days of darkness") == [3]
    assert values("after 3 years of war") == []
    assert values("for 2 days of the week") == []


def test_figures_per_sentence_are_capped() -> None:
    text = "8 " * 500
    assert len(find_figures(Span(text, 0, len(text)))) == MAX_FIGURES


def test_a_normal_list_of_figures_is_kept_whole() -> None:
    text = "Turnout was 12 percent, 15 percent, 18 percent and 21 percent."
    assert [f.value for f in find_figures(Span(text, 0, len(text)))] == [12, 15, 18, 21]


def test_a_light_verb_keeps_its_particle_in_what_is_counted() -> None:
    found = run(
        "Police said about 9,000 people took part in the march. Officials said 12 hikers went missing."
    )
    assert [c.counted for c in found.claims] == ["people took part", "hikers went missing"]


def test_a_verb_right_after_the_figure_is_written_once_and_no_noun_is_made_of_it() -> None:
    found = run(
        "Police said 45 died in the fire. Organisers said 250,000 took part. "
        "Officials said 12 went missing. The union said 300 walked out."
    )
    assert [c.counted for c in found.claims] == ["died", "took part", "went missing", "walked out"]


def test_a_count_made_by_its_verb_meets_a_rival_estimate_of_it() -> None:
    text = "Organisers said 60,000 filled the square on Sunday, but police put the estimate at 15,000."
    assert {v for v, _, _, _ in summary(run(text))} == {60_000, 15_000}


def test_a_number_word_after_number_is_a_rank() -> None:
    assert figs("Her lawyer said an appeal was priority number two for the family.") == []


def test_a_sum_in_brackets_after_a_sum_is_its_conversion_not_a_second_figure() -> None:
    values = [
        f[1]
        for f in figs(
            "The ferry line charged 90 kroner ($13) a ticket and C$45 million (about US$33 million) in all."
        )
    ]
    assert values == [90, 45_000_000]
    # a bracket that adds to the sum, or a count in brackets, stays a figure of its own
    assert [
        f[1]
        for f in figs("She paid $5 million (and $2 million later) for 40 paintings (12 of them sketches).")
    ] == [
        5_000_000,
        2_000_000,
        40,
        12,
    ]


def test_numbers_listed_before_a_duration_share_it() -> None:
    assert figs("Residents say the wells ran dry 15, 20 or even 25 years ago.") == []
    assert figs("The ferry crossing took 40 to 50 minutes.") == []
    # a list before a counted noun stays a list of figures
    assert [f[1] for f in figs("Rangers counted 15 or 20 wolves near the pass.")] == [15, 20]


def test_a_length_in_millimetres_is_still_a_figure() -> None:
    assert [f[1] for f in figs("Some 40 mm of rain fell and 300 guns were seized.")] == [40, 300]


def test_a_hundred_percent_of_conviction_is_no_figure() -> None:
    for text in (
        "The mayor said the report was 100 percent false.",
        "The claim is “100% false”, a spokeswoman said.",
        "I am 100 per cent sure of it, he said.",
        "Nobody can offer 100 percent certainty on that, the doctor said.",
    ):
        assert figs(text) == [], text
    # a share of something, or a change, stays a figure
    assert [f[1] for f in figs("The company owns 100% of the shares.")] == [100.0]
    assert [f[1] for f in figs("Fares rose 100 percent in a year.")] == [100.0]
