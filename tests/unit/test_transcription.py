from pathlib import Path

import pytest
from testkit.speech import speak, word_accuracy

from interview_platform.communication.transcriber_selection import (
    TranscriberSelector,
    WhisperAccess,
)
from interview_platform.communication.transcription import PocketsphinxTranscriber
from interview_platform.config import MediaSettings
from interview_platform.exceptions import CommunicationError, ValidationError

SENTENCE = "I would put a cache in front of the database to reduce read latency"


@pytest.fixture(scope="module")
def offline() -> PocketsphinxTranscriber:
    return PocketsphinxTranscriber()


def test_offline_transcriber_understands_flite_speech(
    offline: PocketsphinxTranscriber, tmp_path: Path
) -> None:
    wav = speak(SENTENCE, tmp_path / "s.wav")
    result = offline.transcribe(wav)
    assert result.backend == "offline"
    # pocketsphinx on synthetic speech reaches ~0.7; 0.5 is a floor it really clears.
    assert word_accuracy(SENTENCE, result.text) >= 0.5, result.text
    assert result.audio_seconds > 2
    assert result.segments and all(s.end >= s.start for s in result.segments)
    assert result.confidence is not None and 0 < result.confidence <= 1


def test_auto_picks_local_whisper_without_key(tmp_path: Path) -> None:
    selector = TranscriberSelector(MediaSettings())
    assert selector.backend_for(None, None) == "faster-whisper"  # the packaged tiny.en
    assert selector.backend_for(None, WhisperAccess("sk-test")) == "whisper"
    assert selector.backend_for("offline", WhisperAccess("sk-test")) == "offline"
    # A configured folder without a model: pocketsphinx.
    empty = TranscriberSelector(MediaSettings(faster_whisper_model_dir=tmp_path))
    assert empty.backend_for(None, None) == "offline"


def test_unknown_backend_is_rejected() -> None:
    with pytest.raises(ValidationError):
        TranscriberSelector(MediaSettings()).backend_for("magic", None)


def test_whisper_without_key_is_a_clear_error() -> None:
    with pytest.raises(CommunicationError, match="API key"):
        TranscriberSelector(MediaSettings()).build("whisper", None)


def test_unreachable_whisper_falls_back_to_offline(
    offline: PocketsphinxTranscriber, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    selector = TranscriberSelector(MediaSettings(), offline)
    access = WhisperAccess("sk-test", base_url=f"http://127.0.0.1:{port}/v1")
    result = selector.transcribe(speak("scale the service", tmp_path / "x.wav"), None, access)
    assert result.backend == "offline (fallback from whisper)"
