"""What the chart draws (pure) and that it draws it: each party's figure, over time where revised."""

from __future__ import annotations

from fakes.alert_stories import T0, calder, darkness, orun

from bot.alerts.chart import Series, caption, chart_spec, render_png
from bot.claims import contested

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_revised_figure_is_drawn_over_time() -> None:
    spec = chart_spec(contested(calder()))
    assert spec is not None
    assert spec.over_time
    gazette, ledger = T0.replace(hour=10), T0.replace(day=5, hour=14)
    assert spec.series == (
        Series("Police", ((gazette, 12000.0, "about 12,000"), (ledger, 15000.0, "15,000"))),
        Series("the dockers' union", ((gazette, 40000.0, "40,000"),)),
    )
    assert caption(spec, 23).splitlines()[:3] == [
        "📈 <b>marchers</b>: the figures, by who gives them",
        "• Police: about 12,000 → 15,000",
        "• the dockers' union: 40,000",
    ]
    assert render_png(spec).startswith(PNG)


def test_two_parties_figures_are_drawn_as_bars() -> None:
    spec = chart_spec(contested(orun()))
    assert spec is not None
    assert not spec.over_time
    assert [(s.party, s.points[-1][1]) for s in spec.series] == [  # first stated first
        ("the Riverland Monitoring Network", 4300.0),
        ("the health ministry", 612.0),
    ]
    assert render_png(spec).startswith(PNG)


def test_a_single_figure_has_no_chart() -> None:
    assert chart_spec(contested(darkness())) is None
    assert chart_spec(()) is None


def test_the_caption_fits_telegram() -> None:
    spec = chart_spec(contested(orun()))
    assert spec is not None
    many = spec.__class__(spec.quantity * 20, spec.series, spec.sources * 40)
    assert len(caption(many, 5)) <= 1024
    assert caption(many, 5).endswith("Details: /claim 5")
