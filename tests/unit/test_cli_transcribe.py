"""``python -m interview_platform transcribe FILE.wav``: a transcript as JSON on stdout."""

import json
import os
import subprocess
import sys
from pathlib import Path

from testkit.speech import speak, word_accuracy

REPO = Path(__file__).resolve().parents[2]
SENTENCE = "the load balancer spreads requests across the web servers"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IP_")}
    command = [sys.executable, "-m", "interview_platform", "--config", str(REPO / "config.yaml")]
    return subprocess.run(
        [*command, "transcribe", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_transcribe_prints_the_transcript_as_json(tmp_path: Path) -> None:
    wav = tmp_path / "answer.wav"
    speak(SENTENCE, wav)
    result = run_cli(str(wav), "--backend", "offline", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["backend"] == "offline"
    assert word_accuracy(SENTENCE, data["text"]) >= 0.5, data["text"]
    assert data["seconds_taken"] > 0
    assert data["audio_seconds"] > 2
    words = [s["text"] for s in data["segments"]]
    assert "requests" in words
    # Segments are words with times in order, without the dictionary's variant marks.
    starts = [s["start"] for s in data["segments"]]
    assert starts == sorted(starts) and not any("(" in w for w in words)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nope.wav"), "--backend", "offline", cwd=tmp_path)
    assert result.returncode == 2
    assert "No such file" in result.stderr and result.stdout == ""


def test_a_file_that_is_not_wav_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.wav"
    bogus.write_text("not audio at all")
    result = run_cli(str(bogus), "--backend", "offline", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a readable WAV" in result.stderr


def test_unknown_backend_is_refused_by_the_parser(tmp_path: Path) -> None:
    result = run_cli("x.wav", "--backend", "magic", cwd=tmp_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr
