"""The ``claimwatch`` command line: one module per sub-command under ``bot.cli``.

Each module in :data:`COMMAND_MODULES` exposes ``register(subparsers)``, which adds its parser and
sets ``func`` (``(argparse.Namespace) -> int``) as the parser default.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot import __version__

COMMAND_MODULES: tuple[str, ...] = (
    # add "bot.cli.<name>" here when the sub-command is implemented
    "bot.cli.run",
    "bot.cli.migrate",
    "bot.cli.poll",
    "bot.cli.scan",
    "bot.cli.eval",
    "bot.cli.worker",
    "bot.cli.train",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimwatch", description="Watch news feeds for contested numeric claims."
    )
    parser.add_argument("--version", action="version", version=f"claimwatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
