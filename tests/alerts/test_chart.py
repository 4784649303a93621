"""What the chart draws (pure) and that it draws it: each party's figure, over time where revised."""

from __future__ import annotations

from fakes.alert_stories import HERALD, POST, T0, calder, darkness, orun, view

from bot.alerts.chart import Series, caption, chart_spec, render_png
from bot.claims import contested

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_revised_figure_is_drawn_over_time() -> None:
    spec = chart_spec(contested(calder()))
    assert spec is not None
    assert spec.over_time
    gazette, ledger = T0.replace(hour=10), T0.replace(day=5, hour=14)
    assert spec.series == (
        Series("police", ((gazette, 12000.0, "about 12,000"), (ledger, 15000.0, "15,000"))),
        Series("the dockers' union", ((gazette, 40000.0, "40,000"),)),
    )
    assert caption(spec, 23).splitlines()[:3] == [
        "📈 <b>marchers</b>: the figures, by who gives them",
        "• police: about 12,000 → 15,000",
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


def test_a_rebuttals_figure_is_drawn_under_the_name_its_alert_gives() -> None:
    claim = {
        "figure_text": "about 900",
        "value": 900.0,
        "counted": "people killed",
        "claimant": "the Kessel Observatory",
        "claim_sentence": "The Kessel Observatory said about 900 people were killed.",
        "claim_source": HERALD,
        "dispute_source": POST,
    }
    denial = view(
        9,
        **claim,
        disputed_by="the interior ministry of Kessel",
        dispute_sentence="The interior ministry of Kessel rejected the figure.",
    )
    toll = view(
        10,
        **claim,
        kind="conflict",
        disputed_by="The ministry",
        dispute_sentence="The ministry put the toll at 140.",
        counter_figure="140",
        counter_value=140.0,
        counter_counted="toll",
        counter_claimant="The ministry",
        counter_sentence="The ministry put the toll at 140.",
    )
    lead = contested((denial, toll))[0]
    [rebuttal] = lead.rebuttals
    spec = chart_spec((lead,))
    assert spec is not None
    assert rebuttal.party == "the interior ministry of Kessel"
    assert {s.party for s in spec.series} == {rebuttal.party, "the Kessel Observatory"}
