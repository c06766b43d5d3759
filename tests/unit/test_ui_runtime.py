from interview_platform.ui.runtime import ProviderChoice


def test_a_typed_key_never_shows_in_a_repr() -> None:
    choice = ProviderChoice(provider="openai", model="gpt-4o", api_key="sk-typed-secret-123")
    assert "sk-typed-secret-123" not in repr(choice)
    creds = choice.credentials()
    assert "sk-typed-secret-123" not in repr(creds)
    assert creds.api_key is not None
    assert creds.api_key.get_secret_value() == "sk-typed-secret-123"
