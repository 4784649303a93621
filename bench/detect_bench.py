"""Detector throughput and bounds: articles per second over labelled articles, peak RSS, and the
time one 1 MB article takes (it must end within the per-article budget).

Usage: python bench/detect_bench.py [--repeat N] [--big-mb M] [PATH]
PATH is a JSON-lines file of {"id","title","text"} rows (default: ../shared/eval/dev_news.jsonl).
Prints wall-clock and CPU rates: on a shared machine the CPU rate is the one-core figure.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.detect import detect
from bot.detect.candidates import TIME_BUDGET
from bot.detect.model import ArticleInput

# ../shared beside the checkout (a worktree sits one level deeper: look upwards for it)
DEFAULT = next(
    (
        p / "shared" / "eval" / "dev_news.jsonl"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "eval").is_dir()
    ),
    Path("../shared/eval/dev_news.jsonl"),
)


def _big_article(size: int) -> ArticleInput:
    """A synthetic 1 MB article dense with figures and cue words (sentences made up here)."""
    rng = random.Random(7)
    parts = []
    while sum(len(p) for p in parts) < size:
        n = rng.randint(2, 90_000)
        parts.append(
            f"Officials said {n:,} people were affected, but the union disputed the figure. "
            f"Police estimated {n // 3:,} while organisers put it at {n * 2:,}.\n\n"
        )
    return ArticleInput("big", "A very long article", "".join(parts)[:size])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big-mb", type=float, default=1.0)
    args = parser.parse_args()
    articles = []
    with open(args.path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if isinstance(row.get("text"), str):
                    articles.append(ArticleInput(str(row["id"]), row.get("title") or "", row["text"]))
    if not articles:
        print("no articles with text in", args.path, file=sys.stderr)
        return 1
    detect(articles[0])  # warm-up: the model loads once per process; that is not what we measure
    chars = sum(len(a.document) for a in articles) * args.repeat
    start, cpu = time.perf_counter(), time.process_time()
    disputes = 0
    for _ in range(args.repeat):
        for article in articles:
            disputes += len(detect(article).disputes)
    elapsed, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    n = len(articles) * args.repeat
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"articles={n} seconds={elapsed:.2f} articles_per_s={n / elapsed:.1f} "
        f"cpu_articles_per_s={n / cpu_s:.1f} chars_per_s={chars / elapsed:,.0f} disputes={disputes} "
        f"peak_rss_mib={peak_kib / 1024:.1f}"
    )
    big = _big_article(int(args.big_mb * 1_000_000))
    start = time.perf_counter()
    det = detect(big)
    took = time.perf_counter() - start
    print(
        f"big_article_chars={len(big.text):,} seconds={took:.2f} budget={TIME_BUDGET} "
        f"status={det.status.value} disputes={len(det.disputes)} "
        f"peak_rss_mib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
