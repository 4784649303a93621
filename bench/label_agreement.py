"""How well two labellers agree: one label file scored as if it were a detector's output against
another, with the reference scorer's matching rules (bot.detect.scoring).

Usage: python bench/label_agreement.py GOLD.jsonl OTHER.jsonl [--all]
Only articles in both files count (ids compared without a leading "news-", the prefix the
reference sets carry). OTHER's required disputes become predictions (--all: its optional ones
too), each with the first alias of its claimant and disputer, as a detector would name one
party. Prints the figures both ways (GOLD as gold, then OTHER as gold).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cli.inputs import jsonl_rows
from bot.detect.scoring import score
from bot.errors import InputError


def _key(article_id: object) -> str:
    text = str(article_id)
    return text[len("news-") :] if text.startswith("news-") else text


def load(path: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    try:
        for row in jsonl_rows(str(path)):
            if isinstance(row, InputError):
                raise row
            rows[_key(row.get("id"))] = {"id": _key(row.get("id")), "disputes": row.get("disputes") or []}
    except InputError as exc:
        raise SystemExit(str(exc)) from exc
    return rows


def _first(names: object) -> str:
    return str(names[0]) if isinstance(names, list) and names else str(names or "")


def as_predictions(rows: Iterable[Mapping[str, Any]], optional_too: bool) -> dict[str, Any]:
    return {
        "articles": [
            {
                "id": row["id"],
                "disputes": [
                    {
                        "value": d.get("value"),
                        "claimant": _first(d.get("claimant")),
                        "disputed_by": _first(d.get("disputed_by")),
                    }
                    for d in row["disputes"]
                    if optional_too or d.get("required", True)
                ],
            }
            for row in rows
        ]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("other", type=Path)
    parser.add_argument("--all", action="store_true", help="optional disputes become predictions too")
    args = parser.parse_args(argv)
    first, second = load(args.gold), load(args.other)
    common = sorted(first.keys() & second.keys())
    if not common:
        raise SystemExit("the two files share no article")

    def contested(rows: dict[str, dict[str, Any]]) -> int:
        return sum(any(d.get("required", True) for d in rows[k]["disputes"]) for k in common)

    print(f"articles in both: {len(common)}; contested: {contested(first)} and {contested(second)}")
    for name, gold, other in ((args.gold.name, first, second), (args.other.name, second, first)):
        result = score(as_predictions((other[k] for k in common), args.all), [gold[k] for k in common])
        print(f"{name} as gold: {result.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
