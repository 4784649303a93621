"""``claimwatch eval GOLD.jsonl``: scan labelled articles and score them like the reference scorer."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.cli.inputs import article_from_row, jsonl_rows, load_bodies
from bot.detect import detect
from bot.detect.report import prediction
from bot.detect.scoring import score
from bot.errors import InputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the detector on labelled articles",
        description="Scan gold articles and print precision/recall/F1 (strict and loose) and alarm figures.",
    )
    parser.add_argument(
        "gold", nargs="+", metavar="GOLD.jsonl", help="labelled articles, one JSON object a line"
    )
    parser.add_argument(
        "--bodies", metavar="CSV", help='bodies CSV ("Body ID","articleBody") for rows with body_id'
    )
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        bodies = load_bodies(args.bodies) if args.bodies else None
        rows: list[dict[str, Any]] = []
        for path in args.gold:
            for row in jsonl_rows(path):
                if isinstance(row, InputError):
                    raise row
                rows.append(row)
        preds = []
        for n, row in enumerate(rows, 1):
            article = article_from_row(row, f"gold row {n}", bodies)
            preds.append(prediction(detect(article)))
    except InputError as exc:
        print(f"claimwatch eval: {exc}", file=sys.stderr)
        return 1
    result = score({"articles": preds}, rows)
    if not args.quiet:
        print("\n".join(result.lines))
        print(json.dumps(result.as_dict(), indent=1))
    print(result.summary())
    return 0
