"""Use case: the interviewer's reply read aloud by OpenAI's voice, for one account.

The OpenAI voice needs an OpenAI key whatever the interview's own provider: a key
typed in this browser for OpenAI, or the operator's key where the account may use it.
"""

from __future__ import annotations

from interview_platform.application.access import Access
from interview_platform.application.credentials import TypedKey
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.speech import SPEECH_VOICES, SpeechSynthesizer, SpokenReply
from interview_platform.provider import Provider

__all__ = ["InterviewerSpeech"]


class InterviewerSpeech:
    """Reads the interviewer's replies aloud with OpenAI text-to-speech.

    Args:
        synthesizer: The speech endpoint's client (budget, outbound, usage).
        providers: Resolves the OpenAI key and base URL from config and environment.
        access: The ownership checks and operator-key rights of the signed-in account.
    """

    voices = SPEECH_VOICES

    def __init__(
        self, synthesizer: SpeechSynthesizer, providers: ProviderFactory, access: Access
    ) -> None:
        self._synthesizer = synthesizer
        self._providers = providers
        self._access = access

    def _credentials(self, typed: TypedKey | None) -> ProviderCredentials:
        key = typed.api_key if typed is not None and typed.provider == Provider.OPENAI else ""
        operator = bool(key) or self._access.operator_keys()
        return self._providers.resolve_credentials(
            Provider.OPENAI, None, key, operator_key=operator
        )

    def available(self, typed: TypedKey | None) -> bool:
        """Whether an OpenAI key is at hand for this browser (the choice is offered)."""
        return self._credentials(typed).api_key is not None

    def speak(self, session_id: str, text: str, voice: str, typed: TypedKey | None) -> SpokenReply:
        """Read ``text`` (a reply of ``session_id``) aloud; its cost goes to that session.

        Raises:
            NotFoundError: The session is not this account's.
            ValidationError: Nothing to say or an unknown voice.
            AIProviderError: No key, budget spent, or the endpoint failed (see its kind).
        """
        self._access.session(session_id)
        return self._synthesizer.synthesize(session_id, self._credentials(typed), text, voice)
