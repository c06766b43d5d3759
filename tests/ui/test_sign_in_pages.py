"""Accounts mode through AppTest: nothing before signing in, then only your own data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.models import Candidate
from interview_platform.ui.sign_in import remote_client

PASSWORD = "correct horse battery"
REPO = Path(__file__).resolve().parents[2]
ENTRY = str(REPO / "src/interview_platform/ui/app.py")


@pytest.fixture()
def accounts_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A config file in accounts mode (the cached App is keyed by this path)."""
    config = yaml.safe_load((REPO / "config.yaml").read_text("utf-8")) or {}
    config["auth"] = {"mode": "accounts", "admin_emails": ["op@example.com"]}
    path = tmp_path / "accounts.yaml"
    path.write_text(yaml.safe_dump(config), "utf-8")
    monkeypatch.setenv("IP_CONFIG_FILE", str(path))


def _submit(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()


def _sign_up(at: AppTest, email: str) -> None:
    at.text_input(key="sign_up_email").input(email)
    at.text_input(key="sign_up_password").input(PASSWORD)
    _submit(at, "Create account")


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return " ".join(str(p) for p in parts).replace("\u2060", "")  # autolink stoppers


def test_nothing_shows_before_signing_in(accounts_mode: None, app: App) -> None:
    app.store.candidates.create_candidate(Candidate(name="Someone Else"))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Sign in", "Create an account"]
    assert "Someone Else" not in _texts(at) and not at.selectbox
    at.text_input(key="sign_in_email").input("nobody@example.com")
    at.text_input(key="sign_in_password").input(PASSWORD)
    _submit(at, "Sign in")
    assert [e.value for e in at.error] == ["The e-mail address or the password is wrong."]


def test_a_new_account_sees_its_own_empty_setup(accounts_mode: None, app: App) -> None:
    app.store.candidates.create_candidate(Candidate(name="Someone Else"))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    _sign_up(at, "ada@example.com")
    assert not at.exception and not at.error
    assert "Signed in as **ada@example.com**" in _texts(at)
    assert at.title[0].value == "Set up your mock interview"
    assert all("Someone Else" not in str(o) for box in at.selectbox for o in box.options)


def test_an_administrator_gets_the_accounts_page_and_a_member_does_not(
    accounts_mode: None, app: App
) -> None:
    member = AppTest.from_file(ENTRY, default_timeout=60)
    member.run()
    _sign_up(member, "ada@example.com")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        member.switch_page("app_pages/accounts.py")  # not even offered to a member
    operator = AppTest.from_file(ENTRY, default_timeout=60)
    operator.run()
    _sign_up(operator, "op@example.com")
    assert "(administrator)" in _texts(operator)
    operator.switch_page("app_pages/accounts.py").run()
    assert not operator.exception
    assert operator.title[0].value == "Accounts"
    assert "2 accounts" in _texts(operator)


@pytest.mark.parametrize(
    ("address", "remote"),
    [(None, False), ("", False), ("203.0.113.5", True), ("2001:db8::1", True), (object(), False)],
)
def test_single_user_mode_refuses_every_address_streamlit_reports(
    address: object, remote: bool
) -> None:
    # Streamlit reports None for a loopback client and the address string otherwise.
    assert remote_client(address) is remote
