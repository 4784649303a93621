"""``claimwatch scan``: run the detector over files, pages, feeds or JSON lines and print disputes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from bot.cli.inputs import article_from_row, articles_from, jsonl_rows
from bot.detect import detect
from bot.detect.model import ArticleInput, Detection, Dispute
from bot.detect.report import prediction
from bot.errors import InputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="find contested figures in articles",
        description="Find contested numeric claims in text/HTML files, URLs or feeds (every entry).",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="file, URL, feed file or feed URL")
    parser.add_argument("--json", action="store_true", help="write the evaluation prediction format")
    parser.add_argument(
        "--jsonl", action="store_true", help='inputs are files of {"id","title","text"} lines'
    )
    parser.set_defaults(func=run)


def iter_articles(inputs: list[str], jsonl: bool, failures: list[str]) -> Iterator[ArticleInput]:
    """Articles of every input; a failing input is recorded in ``failures`` and skipped."""
    for source in inputs:
        try:
            if jsonl:
                for n, row in enumerate(jsonl_rows(source), 1):
                    if isinstance(row, InputError):
                        failures.append(str(row))
                        continue
                    try:
                        yield article_from_row(row, f"{source}:{n}")
                    except InputError as exc:
                        failures.append(str(exc))
            else:
                yield from articles_from(source)
        except InputError as exc:
            failures.append(str(exc))


def _fmt_value(d: Dispute) -> str:
    fig = d.claim.figure
    return fig.span.text


def human_line(article_id: str, d: Dispute) -> str:
    """One readable line per contested figure."""
    claimant = d.claim.claimant or "unknown source"
    how = "denied" if d.kind.value == "denial" else "contradicted"
    counter = f" (says {d.counter_figure.span.text})" if d.counter_figure is not None else ""
    return (
        f"{article_id}: {_fmt_value(d)} {d.claim.counted} — claimed by {claimant}; "
        f"{how} by {d.disputed_by}{counter}"
    )


def run(args: argparse.Namespace) -> int:
    failures: list[str] = []
    detections: list[Detection] = []
    for article in iter_articles(list(args.inputs), bool(args.jsonl), failures):
        detection = detect(article)
        detections.append(detection)
        if not args.json:
            for d in detection.disputes:
                print(human_line(article.id, d))
    if args.json:
        json.dump({"articles": [prediction(d) for d in detections]}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif not any(d.disputes for d in detections):
        print(f"no contested figures in {len(detections)} article(s)", file=sys.stderr)
    for message in failures:
        print(f"claimwatch scan: {message}", file=sys.stderr)
    return 1 if failures else 0
