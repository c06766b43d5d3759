"""The interviewer's voice from OpenAI text-to-speech (``audio.speech.create``).

One request per reply, through the official SDK: the session's budget is checked first
(the worst case of the text is priced before anything is sent), the endpoint must pass
the outbound policy (a URL the operator did not configure gets a client that follows no
redirect and connects only to the address just checked), and the usage is recorded as
its own operation (``speech``). OpenAI bills ``tts-1`` per character, so the characters
sent are recorded as the call's input tokens and priced from ``pricing.models`` (USD per
million characters); a model missing there is recorded as unpriced, never as free.

Example::

    speech = SpeechSynthesizer(gateway, tracker, policy)
    spoken = speech.synthesize(session_id, creds, "Tell me about your cache.", "alloy")
    spoken.audio  # MP3 bytes the browser plays
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import openai

from interview_platform.exceptions import AIProviderError, ValidationError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.errors import classify
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.outbound import OutboundPolicy
from interview_platform.llm.pinned_transport import PinnedTransport
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import Operation
from interview_platform.provider import Provider

__all__ = ["DEFAULT_SPEECH_MODEL", "SPEECH_VOICES", "SpeechSynthesizer", "SpokenReply"]

_log = logging.getLogger("interview_platform.ai")

DEFAULT_SPEECH_MODEL = "tts-1"
SPEECH_VOICES = ("alloy", "echo", "fable", "onyx", "nova", "shimmer")
MAX_SPEECH_CHARS = 4096  # the endpoint's limit on ``input``
_TIMEOUT_S = 30.0
_BUDGET_SPENT = "This session's AI budget is spent: the browser voice reads the replies."
_MAX_CLIENTS = 64
_RETRIES = 2  # three requests at most, as every other AI call


@dataclass(frozen=True)
class SpokenReply:
    """One reply read aloud.

    Attributes:
        audio: The audio the endpoint returned (MP3 from OpenAI).
        mime: Its media type (for the browser's player).
        model: The speech model used.
        voice: The voice used.
        characters: How many characters were sent (what is billed).
    """

    audio: bytes
    mime: str
    model: str
    voice: str
    characters: int


def speakable(text: str) -> str:
    """The words of a reply (Markdown marks would be read out), cut to the endpoint's limit."""
    plain = "".join(ch for ch in text if ch not in "*_`#>|")
    return " ".join(plain.split())[:MAX_SPEECH_CHARS]


class SpeechSynthesizer:
    """Reads interviewer replies aloud with OpenAI's speech endpoint.

    Args:
        gateway: The budget of each session (one computation for every paid call).
        tracker: Where the usage is recorded (operation ``speech``).
        outbound: Where requests may go (configured base URLs are trusted).
        model: The speech model (``tts-1`` by default).
    """

    def __init__(
        self,
        gateway: ModelGateway,
        tracker: TokenTracker,
        outbound: OutboundPolicy,
        model: str = DEFAULT_SPEECH_MODEL,
    ) -> None:
        self._gateway = gateway
        self._tracker = tracker
        self._outbound = outbound
        self._model = model
        self._clients: dict[tuple[str, str | None], openai.OpenAI] = {}
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        """The speech model used."""
        return self._model

    def synthesize(
        self, session_id: str, creds: ProviderCredentials, text: str, voice: str
    ) -> SpokenReply:
        """Turn ``text`` into speech and record what it cost to ``session_id``.

        Raises:
            ValidationError: Nothing to say, or a voice that does not exist.
            AIProviderError: No OpenAI key (``missing_key``), the budget is spent
                (``budget_exceeded``), the endpoint refused or failed (its kind).
            OutboundRefusedError: The base URL is not allowed; nothing was sent.
        """
        words = speakable(text)
        if not words:
            raise ValidationError("There is nothing to read aloud.")
        if voice not in SPEECH_VOICES:
            raise ValidationError(f"Unknown voice {voice!r}: choose one of {SPEECH_VOICES}.")
        if creds.provider != Provider.OPENAI or creds.api_key is None:
            raise AIProviderError("The OpenAI voice needs an OpenAI API key.", kind="missing_key")
        self._check_budget(session_id, len(words))
        self._outbound.check(creds.base_url)
        started = time.perf_counter()
        try:
            response = self._client(creds).audio.speech.create(
                model=self._model, voice=voice, input=words, response_format="mp3"
            )
            audio = response.read()
            # Asked for MP3; a compatible server may answer WAV: the player needs the truth.
            mime = response.response.headers.get("content-type", "audio/mpeg").split(";")[0]
        except openai.OpenAIError as exc:
            raise classify(exc, "OpenAI", creds.base_url or "https://api.openai.com/v1") from exc
        self._tracker.record(
            session_id=session_id,
            provider=Provider.OPENAI,
            model=self._model,
            operation=Operation.SPEECH,
            input_tokens=len(words),
            output_tokens=0,
        )
        _log.info(
            "speech synthesised",
            extra={
                "operation": "ai.speech",
                "session_id": session_id,
                "model": self._model,
                "characters": len(words),
                "bytes": len(audio),
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return SpokenReply(audio, mime, self._model, voice, len(words))

    def _check_budget(self, session_id: str, characters: int) -> None:
        """Refuse when the session's budget is spent or this text would overspend it."""
        budget = self._gateway.budget(session_id)
        cost = self._tracker.price(self._model, characters, 0)
        if budget.exhausted or (cost is not None and cost > budget.remaining):
            raise AIProviderError(_BUDGET_SPENT, kind="budget_exceeded")

    def _client(self, creds: ProviderCredentials) -> openai.OpenAI:
        """The SDK client for ``creds``, built once: a new one costs ~0.1 s (TLS set-up)."""
        key = (creds.secret(), creds.base_url)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                if len(self._clients) >= _MAX_CLIENTS:  # typed keys: keep the newest only
                    self._clients.pop(next(iter(self._clients))).close()
                client = self._clients[key] = self._build_client(creds)
        return client

    def _build_client(self, creds: ProviderCredentials) -> openai.OpenAI:
        """An SDK client; for a base URL the operator did not configure, a guarded one."""
        guarded = not self._outbound.trusts(creds.base_url)
        http = openai.DefaultHttpxClient(
            follow_redirects=False,
            transport=PinnedTransport(self._outbound) if guarded else None,
        )
        return openai.OpenAI(
            api_key=creds.secret(),
            base_url=creds.base_url,
            max_retries=_RETRIES,
            timeout=_TIMEOUT_S,
            http_client=http,
        )
