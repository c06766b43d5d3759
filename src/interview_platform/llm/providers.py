"""LangChain chat models per provider, credential resolution and credential checks.

:class:`ProviderFactory` is the one place that knows how to build a chat model
for OpenAI, Anthropic or an OpenAI-compatible local server (Ollama, vLLM, LM
Studio), and how to check a key before a session starts. A base URL that is not
the configured one must pass the ``outbound`` policy (:mod:`.outbound`) every time
a model is built or checked; the OpenAI SDK clients for it do not follow redirects
and send each request to the address just checked (:mod:`.pinned_transport`), and
the operator's key is never filled in for it. Retries of transient failures (429,
5xx, timeouts) are left to the SDKs, which back off exponentially; ``max_retries``
is set so that no call makes more than ``providers.max_attempts`` (≤ 3) requests.

Example::

    factory = ProviderFactory(settings.providers)
    creds = factory.resolve_credentials("openai", "gpt-4o")      # key from config/env
    check = factory.check_credentials(creds)                     # one cheap real request
    model = factory.chat_model(creds)                            # ChatOpenAI(stream_usage=True)
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from typing import Any

import httpx2
import openai
from langchain_anthropic import ChatAnthropic
from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from interview_platform.config import ProviderSettings, ProvidersSettings
from interview_platform.config_outbound import OutboundSettings
from interview_platform.exceptions import AIProviderError, OutboundRefusedError, ValidationError
from interview_platform.llm.connection_check import LOCAL_PLACEHOLDER_KEY, failure_message, probe
from interview_platform.llm.credentials import CredentialCheck, ProviderCredentials
from interview_platform.llm.errors import classify
from interview_platform.llm.limits import request_timeout
from interview_platform.llm.outbound import OutboundPolicy
from interview_platform.llm.pinned_transport import AsyncPinnedTransport, PinnedTransport
from interview_platform.provider import Provider

__all__ = ["ProviderFactory"]

logger = logging.getLogger("interview_platform.ai")

_KEY_ENV: dict[str, str] = {
    Provider.OPENAI: "OPENAI_API_KEY",
    Provider.ANTHROPIC: "ANTHROPIC_API_KEY",
    Provider.OPENAI_COMPATIBLE: "OPENAI_COMPATIBLE_API_KEY",
}
_DEFAULT_URLS: dict[str, str] = {
    Provider.OPENAI: "https://api.openai.com/v1",
    Provider.ANTHROPIC: "https://api.anthropic.com",
}
_CHECK_TIMEOUT_S = 10.0
_DEFAULT_MAX_TOKENS = 1024


class ProviderFactory:
    """Builds chat models and checks credentials for the configured providers.

    Thread-safe: chat models are cached per (credentials, options), because
    building an SDK client per turn would add avoidable latency.

    Args:
        settings: The ``providers`` section of the settings.
        environ: Where conventional key variables are read from at call time
            (default ``os.environ``).
        outbound: Where a base URL other than a configured one may point (default:
            public addresses only).
    """

    def __init__(
        self,
        settings: ProvidersSettings,
        environ: Mapping[str, str] | None = None,
        outbound: OutboundSettings | None = None,
    ) -> None:
        self._settings = settings
        self._environ = environ if environ is not None else os.environ
        configured = [getattr(settings, p.value).base_url for p in Provider]
        self._outbound = OutboundPolicy(outbound or OutboundSettings(), trusted=configured)
        self._cache: dict[tuple[Any, ...], BaseChatModel] = {}
        self._lock = threading.Lock()

    @property
    def settings(self) -> ProvidersSettings:
        """The providers settings this factory was built with."""
        return self._settings

    def provider_settings(self, provider: str) -> ProviderSettings:
        """Settings of one provider.

        Raises:
            ValidationError: The provider is not one of the supported ones.
        """
        if provider not in tuple(Provider):
            names = ", ".join(p.value for p in Provider)
            raise ValidationError(f"Unknown AI provider '{provider}'. Choose one of: {names}.")
        section: ProviderSettings = getattr(self._settings, provider)
        return section

    def check_base_url(self, url: str | None) -> None:
        """Refuse a base URL the outbound policy does not allow (configured ones pass).

        Raises:
            OutboundRefusedError: The URL may not be called; nothing was sent.
        """
        self._outbound.check(url)

    def supports_vision(self, creds: ProviderCredentials) -> bool:
        """Whether images may be sent to this provider's models (from config)."""
        return not creds.is_offline and self.provider_settings(creds.provider).vision

    def resolve_credentials(
        self,
        provider: str,
        model: str | None = None,
        api_key: SecretStr | str | None = None,
        base_url: str | None = None,
        operator_key: bool = True,
    ) -> ProviderCredentials:
        """Fill in what the user left blank from config and the environment.

        Args:
            provider: Provider name.
            model: Model name; blank means the provider's default model.
            api_key: Key typed by the user; blank means config / environment.
            base_url: Endpoint; blank means config (local servers) or the SDK default.
            operator_key: Whether a blank key may be filled from config / environment.
                It never is for a base URL other than the configured one: the
                operator's key goes only where the operator sends it.

        Returns:
            Complete credentials (the key may still be None: see :meth:`check_credentials`).
        """
        section = self.provider_settings(provider)
        url = (base_url or "").strip() or section.base_url
        operator = operator_key and self._outbound.trusts(url)
        key = SecretStr(api_key) if isinstance(api_key, str) else api_key
        if key is not None and not key.get_secret_value().strip():
            key = None
        if key is None and operator:
            key = section.api_key
        if key is None and operator and self._environ.get(_KEY_ENV.get(provider, "")):
            key = SecretStr(self._environ[_KEY_ENV[provider]])
        return ProviderCredentials(
            provider=provider,
            model=(model or "").strip() or section.default_model,
            api_key=key,
            base_url=url,
            operator_key=operator_key,
        )

    def complete(self, creds: ProviderCredentials) -> ProviderCredentials:
        """Return ``creds`` with a missing key, model or base URL filled from config."""
        return self.resolve_credentials(
            creds.provider, creds.model, creds.api_key, creds.base_url, creds.operator_key
        )

    def display_url(self, creds: ProviderCredentials) -> str:
        """The endpoint a call goes to, for messages (never contains the key)."""
        return creds.base_url or _DEFAULT_URLS.get(creds.provider, "(not configured)")

    def missing_key_error(self, creds: ProviderCredentials) -> AIProviderError:
        """The error for a paid provider without a key."""
        env = _KEY_ENV.get(creds.provider, "")
        return AIProviderError(
            f"No {creds.label} API key: enter one or set {env}.", kind="missing_key"
        )

    def chat_model(
        self,
        creds: ProviderCredentials,
        *,
        streaming: bool = True,
        max_tokens: int | None = None,
        deadline_s: float | None = None,
    ) -> BaseChatModel:
        """Build (or reuse) the LangChain chat model for ``creds``.

        ``max_tokens`` caps every reply (None: 1,024); ``deadline_s`` shortens the SDK's
        per-request timeout so that all its attempts fit inside a call's total deadline.

        Raises:
            AIProviderError: ``missing_key`` for OpenAI/Anthropic without a key;
                ``bad_request`` for the offline provider (it has no chat model).
            OutboundRefusedError: The base URL names an address the operator does not
                allow (checked on every call: a host may resolve elsewhere later).
        """
        if creds.is_offline:
            raise AIProviderError("The offline interviewer has no chat model.", kind="bad_request")
        self.provider_settings(creds.provider)
        self._outbound.check(creds.base_url)
        if creds.api_key is None and creds.provider != Provider.OPENAI_COMPATIBLE:
            raise self.missing_key_error(creds)
        cache_key: tuple[Any, ...] = (creds.provider, creds.model, creds.secret())
        cap = max_tokens or _DEFAULT_MAX_TOKENS
        cache_key += (creds.base_url, streaming, cap, deadline_s)
        with self._lock:
            model = self._cache.get(cache_key)
            if model is None:
                model = self._build(creds, streaming, cap, deadline_s)
                self._cache[cache_key] = model
        return model

    def _build(
        self, creds: ProviderCredentials, streaming: bool, max_tokens: int, deadline_s: float | None
    ) -> BaseChatModel:
        timeout, retries = request_timeout(self._settings, deadline_s)
        if creds.provider == Provider.ANTHROPIC:
            return ChatAnthropic(
                model=creds.model,
                api_key=SecretStr(creds.secret()),
                base_url=creds.base_url,
                default_request_timeout=timeout,
                max_retries=retries,
                max_tokens=max_tokens,
                streaming=streaming,
                stream_usage=True,
            )
        return ChatOpenAI(
            model=creds.model,
            api_key=SecretStr(creds.secret() or LOCAL_PLACEHOLDER_KEY),
            base_url=creds.base_url,
            timeout=timeout,
            max_retries=retries,
            max_tokens=max_tokens,
            streaming=streaming,
            stream_usage=True,
            **self._guarded_clients(creds),
        )

    def _guarded_clients(self, creds: ProviderCredentials) -> dict[str, Any]:
        """For a base URL a user typed: no redirects, every request pinned to a checked address."""
        if self._outbound.trusts(creds.base_url):
            return {}
        return {
            "http_client": openai.DefaultHttpxClient(
                follow_redirects=False, transport=PinnedTransport(self._outbound)
            ),
            "http_async_client": openai.DefaultAsyncHttpxClient(
                follow_redirects=False, transport=AsyncPinnedTransport(self._outbound)
            ),
        }

    def _check_client(self, creds: ProviderCredentials) -> httpx2.Client:
        """The connection check's client: no redirects; pinned as above for a typed URL."""
        typed = not self._outbound.trusts(creds.base_url)
        transport = PinnedTransport(self._outbound) if typed else None
        return openai.DefaultHttpxClient(follow_redirects=False, transport=transport)

    # -- credential check -------------------------------------------------------
    def check_credentials(self, creds: ProviderCredentials) -> CredentialCheck:
        """Make one cheap real request to validate the key, the model and the endpoint.

        Never raises for provider failures: the result carries a message a person can
        act on, and never the key nor the text of the server's answer. A base URL the
        operator does not allow is refused before anything is sent.
        """
        if creds.is_offline:
            return CredentialCheck(True, "ok", "The offline interviewer needs no key.")
        if creds.api_key is None and creds.provider != Provider.OPENAI_COMPATIBLE:
            return CredentialCheck(False, "missing_key", str(self.missing_key_error(creds)))
        try:
            self._outbound.check(creds.base_url)
        except OutboundRefusedError as exc:
            logger.info("credential check refused", extra={"provider": creds.provider})
            return CredentialCheck(False, exc.kind, str(exc))
        started = time.perf_counter()
        try:
            probe(creds, min(self._settings.timeout_s, _CHECK_TIMEOUT_S), self._check_client(creds))
        except ValidationError as exc:
            return CredentialCheck(False, "unknown_model", str(exc))
        except Exception as exc:
            url = self.display_url(creds)
            error = classify(exc, creds.label, url)
            logger.info(
                "credential check failed",
                extra={"provider": creds.provider, "model": creds.model, "kind": error.kind},
            )
            return CredentialCheck(False, error.kind, failure_message(creds, error, url))
        logger.info(
            "credential check ok",
            extra={
                "provider": creds.provider,
                "model": creds.model,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        where = f" at {creds.base_url}" if creds.base_url else ""
        return CredentialCheck(
            True, "ok", f"Connected to {creds.label}{where}: {creds.model} ready."
        )
