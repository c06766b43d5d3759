"""Scripted candidates for ``simulate``: a YAML file with the turns of a whole interview.

Format::

    problem: url-shortener          # or problem_text: "Design ..."
    level: senior                   # junior | mid | senior | staff
    provider: offline               # optional
    model: rubric-interviewer       # optional
    modes: [whiteboard]             # optional, text is always on
    planned_minutes: 45             # optional
    minutes_per_turn: 4             # optional: the clock moves this much per turn
                                    # (default: the turns spread over planned_minutes)
    archetype: good                 # optional label for calibration tables
    variant_of: good                # optional: this script rewords another one
    turns: ["First ...", "..."]
    whiteboard: {objects: [...]}    # optional canvas JSON applied before the end
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from interview_platform.exceptions import ValidationError
from interview_platform.models import CommunicationMode, ExperienceLevel

MAX_SCRIPT_BYTES = 2_000_000


class SimulationScript(BaseModel):
    """A validated candidate script."""

    model_config = ConfigDict(extra="forbid")

    problem: str | None = None
    problem_text: str = ""
    level: ExperienceLevel = ExperienceLevel.MID
    provider: str | None = None
    model: str | None = None
    modes: list[CommunicationMode] = Field(default_factory=list)
    planned_minutes: int = Field(default=45, ge=5, le=180)
    minutes_per_turn: float | None = Field(default=None, gt=0, le=60)
    archetype: str | None = Field(default=None, max_length=40)
    variant_of: str | None = Field(default=None, max_length=40)
    turns: list[str] = Field(min_length=1)
    whiteboard: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _problem_given(self) -> SimulationScript:
        if not self.problem and not self.problem_text.strip():
            raise ValueError("give either 'problem' (a bank id) or 'problem_text'")
        if any(not turn.strip() for turn in self.turns):
            raise ValueError("every turn must be non-empty text")
        if self.whiteboard is not None and not isinstance(self.whiteboard.get("objects"), list):
            raise ValueError("'whiteboard' must be canvas JSON with an 'objects' list")
        return self

    def turn_minutes(self) -> float:
        """Minutes the clock moves per turn: as scripted, else the turns fill the interview."""
        if self.minutes_per_turn is not None:
            return self.minutes_per_turn
        return self.planned_minutes / (len(self.turns) + 1)

    def session_modes(self) -> list[CommunicationMode]:
        """The modes to enable (the whiteboard is added when a drawing is scripted)."""
        modes = list(self.modes)
        if self.whiteboard is not None and CommunicationMode.WHITEBOARD not in modes:
            modes.append(CommunicationMode.WHITEBOARD)
        return modes


def parse_script(text: str, source: str = "script") -> SimulationScript:
    """Parse and validate a script.

    Raises:
        ValidationError: Not YAML, or not a valid script; the message names the field.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{source} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ValidationError(f"{source} must be a YAML mapping with 'turns' and a problem.")
    try:
        return SimulationScript.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "<root>"
        raise ValidationError(f"{source}: invalid field '{where}': {first['msg']}") from exc


def load_script(path: Path | str) -> SimulationScript:
    """Read and validate a script file.

    Raises:
        ValidationError: Missing, unreadable, too large or invalid.
    """
    file = Path(path)
    try:
        if file.stat().st_size > MAX_SCRIPT_BYTES:
            raise ValidationError(f"The script {file} is too large.")
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Cannot read the script {file}: {exc}") from exc
    return parse_script(text, str(file))
