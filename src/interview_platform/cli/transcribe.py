"""``python -m interview_platform transcribe FILE.wav [--backend ...]``: print a transcript."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from interview_platform.communication.transcriber_selection import (
    BACKENDS,
    TranscriberSelector,
    WhisperAccess,
)
from interview_platform.communication.whisper_text import initial_prompt
from interview_platform.config import load_settings
from interview_platform.exceptions import ValidationError


def register(subparsers: Any) -> None:
    """Add the ``transcribe`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "transcribe", help="transcribe a WAV file and print JSON"
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--backend", choices=BACKENDS, default=None)
    parser.add_argument("--problem", default=None, help="problem title (Whisper's vocabulary)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Transcribe the file and print the transcript as JSON on stdout."""
    path: Path = args.file
    if not path.is_file():
        raise ValidationError(f"No such file: {path}")
    settings = load_settings(args.config)
    key = settings.providers.openai.api_key
    whisper = WhisperAccess(key.get_secret_value()) if key is not None else None
    selector = TranscriberSelector(settings.media)
    try:
        # Load the local model first, so seconds_taken is what an answer in the app costs.
        selector.warm_up(wait=True, backend=args.backend)
        prompt = initial_prompt(args.problem or "")
        transcript = selector.transcribe(path.read_bytes(), args.backend, whisper, prompt)
    finally:
        selector.close()
    print(json.dumps(transcript.as_dict(), indent=2))
    return 0
