"""Command-line entry point: ``python -m interview_platform <command>``.

Each subcommand lives in :mod:`interview_platform.cli` as a module with a
``register(subparsers)`` function that adds its parser and sets ``func``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from interview_platform.exceptions import InterviewPlatformError

_COMMAND_MODULES = (
    "db",
    "simulate",
    "calibrate",
    "evaluate",
    "transcribe",
    "serve",
    "demo_llm",
    "worker",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(prog="interview_platform")
    parser.add_argument("--config", default="config.yaml", help="path to config.yaml")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in _COMMAND_MODULES:
        if importlib.util.find_spec(f"interview_platform.cli.{name}") is None:
            continue
        module = importlib.import_module(f"interview_platform.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand and return its exit code (2 for a user-facing error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InterviewPlatformError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
