"""``claimwatch eval GOLD.jsonl ...``: score the detector on labelled articles like the reference scorer.

Plain: run the shipped detector over the articles and score it (in-sample for any article the
weights were trained on). ``--cv K``: grouped K-fold cross-validation — train on K-1 folds, score
the K-th — with pooled and per-source figures; the only figures that predict unseen news.
``--holdout FILE``: a frozen check set kept out of the folds, scored by a model trained on all
the other articles (score it only at milestones).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from bot.cli.labelled import Labelled, load_labelled, without_texts
from bot.detect import detect
from bot.detect.folds import grouped_folds
from bot.detect.report import prediction
from bot.detect.rules import rule_detect
from bot.detect.scoring import Score, score
from bot.errors import ClaimwatchError, InputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the detector on labelled articles (in-sample, or cross-validated with --cv)",
        description="Scan gold articles and print precision/recall/F1 (strict and loose) and alarm figures.",
    )
    parser.add_argument(
        "gold", nargs="+", metavar="GOLD.jsonl", help="labelled articles, one JSON object a line"
    )
    parser.add_argument(
        "--bodies", metavar="CSV", help='bodies CSV ("Body ID","articleBody") for rows with body_id'
    )
    parser.add_argument(
        "--stances", metavar="CSV", help="FNC-1 stances CSV: bodies of one story share a fold under --cv"
    )
    parser.add_argument(
        "--mirror",
        metavar="DIR",
        help="git mirror(s) for rows labelled by reference (or CLAIMWATCH_CORPUS_MIRROR)",
    )
    parser.add_argument("--cv", type=int, metavar="K", help="grouped K-fold cross-validation")
    parser.add_argument(
        "--holdout",
        action="append",
        default=[],
        metavar="GOLD.jsonl",
        help="frozen check set (repeat for several files): train on all the rest, score it",
    )
    parser.add_argument(
        "--rules", action="store_true", help="score the rule detector instead of the learned one"
    )
    parser.add_argument("--quiet", action="store_true", help="print only the summary lines")
    parser.set_defaults(func=run)


def _print(name: str, result: Score, quiet: bool) -> None:
    s, a = result.strict, result.alarm
    print(
        f"{name:<12} n={result.articles:<4} strict_f1={s['f1']:.3f} "
        f"P={s['precision']:.3f} R={s['recall']:.3f} "
        f"(pred={s['predicted']} req={s['required']}) loose_f1={result.loose['f1']:.3f} "
        f"alarm_P={a['precision']:.3f} alarm_R={a['recall']:.3f}"
    )
    if not quiet and name == "ALL":
        print("\n".join(result.lines))


def report(title: str, items: Sequence[Labelled], preds: Sequence[dict[str, Any]], quiet: bool) -> Score:
    """Pooled and per-source figures of predictions for ``items`` (same order)."""
    print(f"== {title}")
    pooled = score({"articles": list(preds)}, [i.row for i in items])
    _print("ALL", pooled, quiet)
    for source in sorted({i.source for i in items}):
        idx = [n for n, i in enumerate(items) if i.source == source]
        _print(source, score({"articles": [preds[n] for n in idx]}, [items[n].row for n in idx]), True)
    return pooled


def run(args: argparse.Namespace) -> int:
    from bot.detect import learned  # deferred: training pulls in scikit-learn

    try:
        items = load_labelled(args.gold, args.bodies, args.stances, args.mirror)
        held = load_labelled(args.holdout, args.bodies, args.stances, args.mirror) if args.holdout else []
        items = without_texts(items, held)  # a check-set story under another id is not trained on
    except InputError as exc:
        print(f"claimwatch eval: {exc}", file=sys.stderr)
        return 1
    try:
        if args.cv:
            if args.rules:
                preds = [prediction(rule_detect(i.article)) for i in items]
            else:
                preds = learned.cross_validate(items, grouped_folds([i.group for i in items], args.cv))
            pooled = report(f"{args.cv}-fold grouped cross-validation", items, preds, args.quiet)
        else:
            preds = [prediction(rule_detect(i.article) if args.rules else detect(i.article)) for i in items]
            pooled = report("shipped detector (in-sample where trained on)", items, preds, args.quiet)
        if held:
            model = None if args.rules else learned.train(items)
            hp = [
                prediction(rule_detect(i.article) if model is None else learned.detect_with(i.article, model))
                for i in held
            ]
            report("frozen check set (trained on all other articles)", held, hp, args.quiet)
    except ClaimwatchError as exc:
        print(f"claimwatch eval: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(json.dumps(pooled.as_dict(), indent=1))
    print(pooled.summary())
    return 0
