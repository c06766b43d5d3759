"""Every metadata key the interviewer writes is declared in its one home.

mypy holds the code to the TypedDicts; this holds what a whole interview stores
(notes of every engine move, the phase) to them too.
"""

from __future__ import annotations

from pathlib import Path
from typing import get_type_hints

import pytest

from interview_platform.message_metadata import NOTE_KEYS, MessageMetadata
from interview_platform.problems.bank import ProblemBank
from interview_platform.simulation.dry_run import dry_run
from interview_platform.simulation.script import load_script

SCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "calibration"
BANK = ProblemBank.load_default()


@pytest.mark.parametrize("name", ["url-shortener/excellent.yaml", "news-feed/off_topic.yaml"])
def test_an_offline_interview_stores_only_declared_message_keys(name: str) -> None:
    run = dry_run(load_script(SCRIPTS / name), BANK)
    written = {key for message in run.messages for key in message.metadata}
    assert "phase" in written and written & set(NOTE_KEYS)
    assert written <= set(get_type_hints(MessageMetadata))


def test_the_note_keys_are_message_keys() -> None:
    assert set(NOTE_KEYS) <= set(get_type_hints(MessageMetadata))
