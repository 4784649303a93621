import pytest

from bot.detect.figures import find_figures, interval
from bot.detect.model import Span


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


def test_ranges_and_vague_amounts() -> None:
    text = "Between 40 and 55 families left; analysts expect 3-4 million visitors and hundreds of volunteers."
    found = figs(text)
    assert found[0][:5] == ("Between 40 and 55", None, 40, 55, "between")
    assert found[1][1:4] == (None, 3_000_000, 4_000_000)
    assert found[2][4] == "vague"


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
    ],
)
def test_dates_times_ages_ordinals_identifiers_and_durations_are_skipped(text: str) -> None:
    assert figs(text) == []


def test_zero_after_a_noun_is_a_name_but_a_bare_zero_counts() -> None:
    assert figs("He met patient zero near ground zero.") == []
    assert [f[1] for f in figs("The real number is zero.")] == [0]
