"""A picture of competing figures: each party's figure for one quantity, over time when revised.

:func:`chart_spec` (pure) decides what to draw from a story's contested claims;
:func:`render_png` draws it with matplotlib's Agg backend through the object API (no pyplot, no
global state, so it is safe in a worker thread). Callers run it off the event loop.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.alerts.format import esc, link
from bot.alerts.model import Source
from bot.claims import Contested
from bot.claims.merge import Figure

MAX_CAPTION = 1024  # Telegram's limit for a photo caption
MAX_SERIES = 6  # parties drawn; more would be unreadable at phone size


@dataclass(frozen=True, slots=True)
class Series:
    party: str
    points: tuple[tuple[datetime, float, str], ...]  # when, value, the figure as written


@dataclass(frozen=True, slots=True)
class ChartSpec:
    quantity: str  # what the figures count
    series: tuple[Series, ...]
    sources: tuple[Source, ...]

    @property
    def over_time(self) -> bool:
        return any(len(s.points) > 1 for s in self.series)


def chart_spec(claims: Sequence[Contested]) -> ChartSpec | None:
    """What to draw for a story: the lead claim's figure and every counter-figure, by party;
    None unless there are two or more different figures for the quantity."""
    if not claims:
        return None
    lead = claims[0]
    # a rebuttal's own figures are drawn under the name its alert line gives that party
    figures: list[tuple[Figure, str | None]] = [
        *((f, f.party) for f in lead.figures),
        *((f, r.named(f)) for r in lead.rebuttals for f in r.counters),
    ]
    by_party: dict[str, dict[tuple[datetime, float], str]] = {}
    for f, named in figures:
        if f.value is None:
            continue
        party = named or "source not named"
        by_party.setdefault(party, {})[(f.first_seen, f.value)] = f.text
    values = {v for points in by_party.values() for _, v in points}
    if len(values) < 2:
        return None
    series = tuple(
        Series(party, tuple((t, v, text) for (t, v), text in sorted(points.items())))
        for party, points in sorted(by_party.items(), key=lambda kv: (min(kv[1]), kv[0]))
    )[:MAX_SERIES]
    return ChartSpec(lead.claim.counted, series, lead.sources)


def caption(spec: ChartSpec, claim_id: int) -> str:
    """HTML caption: the quantity, each party's latest figure, the sources (within 1024 chars)."""
    lines = [f"📈 <b>{esc(spec.quantity, 120)}</b>: the figures, by who gives them"]
    for s in spec.series:
        lines.append(f"• {esc(s.party, 80)}: {' → '.join(esc(text, 40) for _, _, text in s.points)}")
    tail = f"Details: /claim {claim_id}"
    head = "\n".join(lines)
    sources: list[str] = []
    for src in spec.sources:
        candidate = "\n".join([head, "Sources: " + ", ".join([*sources, link(src, 50)]), tail])
        if len(candidate) > MAX_CAPTION:
            break
        sources.append(link(src, 50))
    parts = [head, "Sources: " + ", ".join(sources)] if sources else [head]
    return "\n".join([*parts, tail])[:MAX_CAPTION]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)[:2])


def _thousands(x: float, _pos: object) -> str:
    return f"{x:,.0f}"


def _day_hour(x: float, _pos: object) -> str:
    return datetime.fromtimestamp(x, UTC).strftime("%d %b %H:%M")


def render_png(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes: bars per party, or lines over time where a figure was revised."""
    # imported here: matplotlib costs every process that merely loads the handlers about 1.7 s
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import FuncFormatter

    # fixed margins: a layout engine would double the render time
    figure = MplFigure(figsize=(6.4, 3.6), dpi=100)
    figure.subplots_adjust(left=0.3 if not spec.over_time else 0.13, right=0.95, top=0.88, bottom=0.2)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if spec.over_time:
        last = max(t for s in spec.series for t, _, _ in s.points).timestamp()
        for s in spec.series:
            times = [t.timestamp() for t, _, _ in s.points]  # x in seconds, labelled as dates
            values = [v for _, v, _ in s.points]
            # a figure holds until its party revises it: the step runs on to the latest report
            (line,) = axes.plot([*times, last], [*values, values[-1]], drawstyle="steps-post")
            axes.plot(times, values, "o", color=line.get_color(), label=_wrap(s.party, 40))
            for t, v, text in zip(times, values, (p[2] for p in s.points), strict=True):
                axes.annotate(text[:20], (t, v), textcoords="offset points", xytext=(4, 6), fontsize=8)
        axes.xaxis.set_major_formatter(FuncFormatter(_day_hour))
        axes.tick_params(axis="x", labelsize=8, labelrotation=20)
        axes.set_ylim(bottom=0, top=max(v for s in spec.series for _, v, _ in s.points) * 1.2)
        axes.yaxis.set_major_formatter(FuncFormatter(_thousands))
        axes.legend(fontsize=8, loc="lower right")
    else:
        names = [_wrap(s.party, 22) for s in spec.series]
        values = [s.points[-1][1] for s in spec.series]
        bars = axes.barh(names, values, color="#4a78b5")
        axes.bar_label(bars, labels=[s.points[-1][2][:20] for s in spec.series], padding=3, fontsize=8)
        axes.invert_yaxis()
        axes.margins(x=0.25)
        axes.tick_params(axis="y", labelsize=8)
        axes.xaxis.set_major_formatter(FuncFormatter(_thousands))
    axes.set_title(spec.quantity[:60], fontsize=10)
    axes.grid(axis="x" if not spec.over_time else "y", alpha=0.3)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
