"""``claimwatch train GOLD.jsonl ...``: fit the detector's weights on labelled articles.

Writes the small JSON weights file the detector loads (by default the one shipped in the
package, ``bot/detect/weights.json``). Needs scikit-learn; the running bot does not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.labelled import load_labelled, without_texts
from bot.errors import ClaimwatchError

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "detect" / "weights.json"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train",
        help="fit the detector's weights on labelled articles",
        description="Train the learned detector on gold JSON-lines files and write its weights file.",
    )
    parser.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="labelled articles")
    parser.add_argument("--bodies", metavar="CSV", help="FNC-1 bodies CSV for rows with body_id")
    parser.add_argument("--stances", metavar="CSV", help="FNC-1 stances CSV (story groups)")
    parser.add_argument("--mirror", metavar="DIR", help="git mirror(s) for rows labelled by reference")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GOLD.jsonl",
        help="a frozen check set: its texts are never trained on, even under other ids (repeatable)",
    )
    parser.add_argument("--out", metavar="JSON", default=str(DEFAULT_OUT), help="where to write the weights")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.detect import learned  # deferred: training pulls in scikit-learn

    try:
        items = load_labelled(args.gold, args.bodies, args.stances, args.mirror)
        if args.exclude:
            items = without_texts(items, load_labelled(args.exclude, args.bodies, args.stances, args.mirror))
        weights = learned.train(items)
        learned.save(weights, Path(args.out))
    except (ClaimwatchError, OSError) as exc:
        print(f"claimwatch train: {exc}", file=sys.stderr)
        return 1
    print(
        f"trained on {len(items)} articles: threshold={weights.threshold} "
        f"conflict_threshold={weights.conflict_threshold} features={len(weights.figure)}/"
        f"{len(weights.claimant)}/{len(weights.disputer)}/{len(weights.conflict)} -> {args.out}"
    )
    return 0
