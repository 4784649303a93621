"""Detector throughput: articles per second over the labelled dev articles, and peak RSS.

Usage: python bench/detect_bench.py [--repeat N] [PATH]
PATH is a JSON-lines file of {"id","title","text"} rows (default: ../shared/eval/dev.jsonl).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.detect import detect
from bot.detect.model import ArticleInput

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=20)
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
    detect(articles[0])  # warm-up: imports and regex compilation are not what we measure
    chars = sum(len(a.document) for a in articles) * args.repeat
    start = time.perf_counter()
    disputes = 0
    for _ in range(args.repeat):
        for article in articles:
            disputes += len(detect(article).disputes)
    elapsed = time.perf_counter() - start
    n = len(articles) * args.repeat
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"articles={n} seconds={elapsed:.2f} articles_per_s={n / elapsed:.1f} "
        f"chars_per_s={chars / elapsed:,.0f} disputes={disputes} peak_rss_mib={peak_kib / 1024:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
