"""*Check connection*: one cheap real request, and what a person reads about its failure.

The messages name the kind of failure (unreachable, timeout, unauthorised, no such
model, HTTP status) and never the text of the server's answer: the server may be
anyone's, and its body is not ours to print (issue 12). The caller gives the probe its
HTTP client (no redirects; for a typed base URL, pinned to the checked addresses).
"""

from __future__ import annotations

import anthropic
import httpx2
import openai

from interview_platform.exceptions import AIProviderError, ValidationError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.provider import Provider

__all__ = ["LOCAL_PLACEHOLDER_KEY", "failure_message", "probe"]

# Local servers accept any key, but the OpenAI SDK refuses to start without one.
LOCAL_PLACEHOLDER_KEY = "not-needed"


def probe(creds: ProviderCredentials, timeout: float, http_client: httpx2.Client) -> None:
    """Ask the provider about ``creds.model`` once, without retries, through ``http_client``.

    Raises:
        ValidationError: An OpenAI-compatible server does not list the model.
        Exception: Whatever the SDK raises (classify it with ``llm.errors.classify``).
    """
    if creds.provider == Provider.ANTHROPIC:
        with anthropic.Anthropic(
            api_key=creds.secret(),
            base_url=creds.base_url,
            timeout=timeout,
            max_retries=0,
            http_client=http_client,
        ) as client:
            client.models.retrieve(creds.model)
        return
    with openai.OpenAI(
        api_key=creds.secret() or LOCAL_PLACEHOLDER_KEY,
        base_url=creds.base_url,
        timeout=timeout,
        max_retries=0,
        http_client=http_client,
    ) as client:
        if creds.provider == Provider.OPENAI:
            client.models.retrieve(creds.model)
            return
        # Local servers list models reliably; not all serve /models/{id}.
        available = [m.id for m in client.models.list()]
        if not any(creds.model in (name, name.split(":")[0]) for name in available):
            # Their names are the server's words: counted, never shown.
            raise ValidationError(
                f"The server at {creds.base_url} has no model '{creds.model}' "
                f"(it lists {len(available)}): check the model name."
            )


def failure_message(creds: ProviderCredentials, error: AIProviderError, url: str) -> str:
    """What the setup page says about a failed check of ``creds`` at ``url``.

    Args:
        creds: What was checked.
        error: The classified failure (its text holds the kind and HTTP status only).
        url: The endpoint, as shown to people.
    """
    who, model = creds.label, creds.model
    messages = {
        "invalid_key": f"{who} rejected the API key (HTTP 401): check it or create a new one.",
        "unknown_model": f"{who} does not know the model '{model}': pick another model.",
        "unreachable": f"Could not reach {who} at {url}: is the server running and the "
        "URL right?",
        "timeout": f"{who} at {url} did not answer in time: try again.",
        "rate_limited": f"{who} is rate limiting this key (HTTP 429): wait a minute and "
        "try again.",
        "server_error": f"{who} had a server error: try again shortly.",
    }
    return messages.get(error.kind, f"The check failed: {error}.")
