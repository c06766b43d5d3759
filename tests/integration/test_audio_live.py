"""Hands-free utterances: the live decoder's transcript is used, and a failed one is not."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
from testkit.speech import speak

from interview_platform.communication.audio import decode_wav
from interview_platform.communication.audio_handler import AudioHandler
from interview_platform.communication.continuous_audio import HeardUtterance
from interview_platform.communication.pocketsphinx_pool import PartResult
from interview_platform.communication.transcriber_selection import TranscriberSelector
from interview_platform.communication.transcription import PocketsphinxTranscriber
from interview_platform.communication.whisper_client import FasterWhisperTranscriber
from interview_platform.config import MediaSettings, PricingSettings, UploadSettings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import MediaKind, Session
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration
ANSWER = "we can shard the database by user id"


@pytest.fixture()
def handler(
    store: PostgresDataStore, storage_root: Path, whisper_local: FasterWhisperTranscriber
) -> Iterator[AudioHandler]:
    """The default (local Whisper) handler, sharing the run's Whisper process."""
    selector = TranscriberSelector(
        MediaSettings(), PocketsphinxTranscriber(workers=0), whisper_local
    )
    tracker = TokenTracker(store.usage, PricingSettings())
    yield AudioHandler(FileStorage(storage_root, store.media), selector, tracker, UploadSettings())
    selector.offline.close()  # not the shared Whisper process


@pytest.fixture()
def pocketsphinx_handler(store: PostgresDataStore, storage_root: Path) -> Iterator[AudioHandler]:
    """A handler set to pocketsphinx (what runs when Whisper cannot load)."""
    selector = TranscriberSelector(MediaSettings(transcription_backend="offline"))
    tracker = TokenTracker(store.usage, PricingSettings())
    yield AudioHandler(FileStorage(storage_root, store.media), selector, tracker, UploadSettings())
    selector.close()


@pytest.fixture(scope="module")
def wav(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return speak(ANSWER, tmp_path_factory.mktemp("live") / "a.wav")


def _heard(wav: bytes, live: PartResult | Exception | None) -> HeardUtterance:
    result: Future[PartResult] | None = None
    if live is not None:
        result = Future()
        if isinstance(live, Exception):
            result.set_exception(live)
        else:
            result.set_result(live)
    return HeardUtterance(wav, time.time() - 0.8, result)


@pytest.mark.parametrize("which", ["handler", "pocketsphinx_handler"])
def test_live_transcript_is_used_and_kept(
    which: str,
    request: pytest.FixtureRequest,
    store: PostgresDataStore,
    session: Session,
    wav: bytes,
) -> None:
    handler: AudioHandler = request.getfixturevalue(which)
    live = handler.open_live()
    try:
        live.feed(decode_wav(wav).samples)
        heard = HeardUtterance(wav, time.time(), live.finish())
        turn = handler.handle_heard(session.id, heard)
    finally:
        live.close()
    assert "database" in turn.transcript.text.lower()
    assert turn.transcript.model.endswith("(live)")
    meta = turn.message_metadata()
    assert meta["model"].endswith("(live)") and meta["speech_ended_at"] == heard.speech_ended_at
    kinds = [m.kind for m in store.media.list_media_files(session.id)]
    assert sorted(kinds) == [MediaKind.AUDIO, MediaKind.TRANSCRIPT]


@pytest.mark.parametrize(
    "live", [OSError("decoder process ended"), PartResult("", ()), None], ids=str
)
def test_failed_or_empty_live_result_falls_back_to_the_recording(
    handler: AudioHandler, session: Session, wav: bytes, live: PartResult | Exception | None
) -> None:
    turn = handler.handle_heard(session.id, _heard(wav, live))
    assert "database" in turn.transcript.text.lower()
    assert turn.transcript.model == "whisper tiny.en"  # the recording, decoded whole


def test_live_transcript_is_ignored_when_whisper_is_chosen(
    handler: AudioHandler, session: Session, wav: bytes
) -> None:
    from interview_platform.communication.transcriber_selection import WhisperAccess

    # The whisper call fails (nothing listens on that port) and falls back to offline:
    # the live words must not be used, because Whisper, not pocketsphinx, was asked for.
    whisper = WhisperAccess("sk-test", base_url="http://127.0.0.1:9/v1")
    assert not handler.live_decoding(whisper)
    turn = handler.handle_heard(session.id, _heard(wav, PartResult("live words", ())), whisper)
    assert "live words" not in turn.transcript.text
