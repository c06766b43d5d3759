"""``python -m interview_platform serve``: the web app, ready before it answers.

The first page view used to stay blank while the first script run imported and built
everything; this command warms up first and then starts Streamlit (see
:mod:`interview_platform.ui.launch`). ``startup.sh`` runs the app this way.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="run the web app (Streamlit), warmed up before it answers"
    )
    parser.add_argument("--address", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on")
    parser.add_argument(
        "--no-warm-up", dest="warm_up", action="store_false", help="start Streamlit at once"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Warm up (unless told not to), then run Streamlit until it stops."""
    # Imported here: the other commands need neither Streamlit nor the UI.
    from interview_platform.ui import launch

    if args.warm_up:
        seconds = launch.warm_up(args.config)
        print(f"warmed up in {seconds:.1f} s; starting the web server", file=sys.stderr)
    return launch.run_server(args.address, args.port)
