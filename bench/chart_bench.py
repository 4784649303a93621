"""Chart benchmark: time to draw the competing-figures chart of a story (matplotlib, Agg).

    .venv/bin/python bench/chart_bench.py [--rounds 20]

Two real-shaped stories: a toll given by two parties (bars), and crowd counts revised over two
days (lines over time). Each is rendered ``rounds`` times after one warm-up (the first render
loads fonts); prints the median and worst milliseconds and the PNG size. The target is under
one second per chart on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakes.alert_stories import calder, orun  # noqa: E402

from bot.alerts.chart import chart_spec, render_png  # noqa: E402
from bot.claims import contested  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    for name, disputes in (("two parties (bars)", orun()), ("revised over time (lines)", calder())):
        spec = chart_spec(contested(disputes))
        assert spec is not None
        render_png(spec)  # warm-up: fonts and the Agg canvas
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            png = render_png(spec)
            times.append((time.perf_counter() - t) * 1000)
        print(
            f"{name:28s} median {statistics.median(times):6.1f} ms  worst {max(times):6.1f} ms  "
            f"png {len(png) / 1024:.0f} KiB  ({args.rounds} renders)"
        )
    print(f"total {time.perf_counter() - started:.1f} s (first import of matplotlib included)")


if __name__ == "__main__":
    main()
