"""``evaluate``: re-evaluate a stored, ended session and print the evaluation as JSON.

Example::

    python -m interview_platform evaluate --session 6f1c...
"""

from __future__ import annotations

import argparse
from typing import Any

from interview_platform.cli.output import print_json
from interview_platform.config import load_settings
from interview_platform.evaluation.report import evaluation_document


def register(subparsers: Any) -> None:
    """Add the ``evaluate`` subcommand."""
    parser = subparsers.add_parser(
        "evaluate", help="re-evaluate a stored session that has ended (prints JSON)"
    )
    parser.add_argument("--session", required=True, help="the session id")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Execute ``evaluate``; returns the exit code."""
    from interview_platform.app_factory import create_app

    app = create_app(load_settings(args.config))
    try:
        evaluation = app.sessions.retry_evaluation(args.session)
        document = evaluation_document(evaluation, app.evaluation.rubric)
    finally:
        app.close()
    return print_json(document)
