from __future__ import annotations

from pathlib import Path

import pytest

from interview_platform.exceptions import ValidationError
from interview_platform.models import CommunicationMode, ExperienceLevel
from interview_platform.simulation.script import load_script, parse_script

SCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"


@pytest.mark.parametrize("name", ["strong", "average", "weak"])
def test_fixture_scripts_are_valid(name: str) -> None:
    script = load_script(SCRIPTS / f"{name}_url_shortener.yaml")
    assert script.problem == "url-shortener"
    assert script.level is ExperienceLevel.SENIOR
    assert len(script.turns) >= 6


def test_scripted_whiteboard_enables_the_whiteboard_mode() -> None:
    script = load_script(SCRIPTS / "strong_url_shortener.yaml")
    assert CommunicationMode.WHITEBOARD in script.session_modes()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("turns: [hi]", "problem"),
        ("problem: url-shortener", "turns"),
        ("problem: url-shortener\nturns: []", "turns"),
        ("problem: url-shortener\nlevel: wizard\nturns: [a]", "level"),
        ("problem: url-shortener\nturns: [a]\nwhiteboard: {shapes: 1}", "objects"),
        ("problem: url-shortener\nturns: [a]\nsurprise: 1", "surprise"),
        ("- just a list", "mapping"),
        ("problem: [unclosed", "not valid YAML"),
    ],
)
def test_bad_scripts_are_rejected_clearly(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_script(text)


def test_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Cannot read"):
        load_script(tmp_path / "nope.yaml")
