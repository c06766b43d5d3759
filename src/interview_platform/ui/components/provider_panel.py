"""Provider, model, base URL and API key choice, with a connection check."""

from __future__ import annotations

import streamlit as st

from interview_platform.application.actions import user_action
from interview_platform.application.facade import Platform
from interview_platform.config import ProviderSettings
from interview_platform.provider import Provider
from interview_platform.ui.browser_state import ProviderChoice, provider_choice
from interview_platform.ui.user_text import escape_markdown

# What the selectbox offers: longer than Provider.label, which names the provider in messages.
_CHOICE_TEXT = {
    Provider.OFFLINE: "Built-in offline interviewer (no key needed)",
    Provider.OPENAI: "OpenAI",
    Provider.ANTHROPIC: "Anthropic (Claude)",
    Provider.OPENAI_COMPATIBLE: "OpenAI-compatible server (Ollama, vLLM, LM Studio)",
}


def _provider_settings(app: Platform, provider: str) -> ProviderSettings:
    return app.providers.provider_settings(provider)


def _model_input(app: Platform, choice: ProviderChoice) -> str:
    conf = _provider_settings(app, choice.provider)
    models = list(conf.models) or [conf.default_model]
    if choice.provider == Provider.OPENAI_COMPATIBLE:
        default = choice.model if choice.model else conf.default_model
        return st.text_input("Model name", value=default, key="model_name").strip()
    index = models.index(choice.model) if choice.model in models else 0
    return str(st.selectbox("Model", models, index=index, key=f"model_{choice.provider}"))


def _key_input(app: Platform, choice: ProviderChoice) -> str:
    if choice.provider == Provider.OFFLINE:
        return ""
    conf = _provider_settings(app, choice.provider)
    has_env_key = conf.api_key is not None and app.operator_keys()
    help_text = "Kept only in this browser session; never stored in the database."
    if has_env_key:
        help_text += " Leave empty to use the key from the environment."
    return st.text_input(
        "API key", value=choice.api_key, type="password", key="api_key", help=help_text
    )


def _check_connection(app: Platform, choice: ProviderChoice) -> None:
    with st.spinner("Contacting the provider…"):
        creds = app.providers.resolve_credentials(
            choice.provider,
            choice.model,
            choice.api_key or None,
            choice.base_url,
            operator_key=app.operator_keys(),
        )
        result = app.providers.check_credentials(creds)
    user_action("provider.check", "connection checked", provider=choice.provider, ok=result.ok)
    # The message repeats the typed base URL and model name: user text, not Markdown.
    (st.success if result.ok else st.error)(escape_markdown(result.message))


def provider_panel(app: Platform) -> ProviderChoice:
    """Draw the provider controls; return the (updated) choice of this browser."""
    choice = provider_choice()
    options = list(_CHOICE_TEXT)
    provider = st.selectbox(
        "Interviewer",
        options,
        index=options.index(Provider(choice.provider)),
        format_func=_CHOICE_TEXT.__getitem__,
        key="provider_select",
    )
    if provider != choice.provider:
        choice.provider, choice.model = provider, _provider_settings(app, provider).default_model
    choice.model = _model_input(app, choice)
    if provider == Provider.OPENAI_COMPATIBLE:
        default_url = choice.base_url or _provider_settings(app, provider).base_url or ""
        choice.base_url = st.text_input("Base URL", value=default_url, key="base_url").strip()
    else:
        choice.base_url = None
    choice.api_key = _key_input(app, choice)
    if choice.api_key:
        app.keep_secret(choice.api_key)  # a typed key never reaches a log line
    if provider != Provider.OFFLINE and st.button("Check connection", key="check_connection"):
        _check_connection(app, choice)
    return choice
