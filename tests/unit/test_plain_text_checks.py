"""Names and typed text with control characters are refused with a message the page shows."""

from __future__ import annotations

from typing import cast

import pytest

from interview_platform.application.access import Access, OwnerCache
from interview_platform.application.candidates import Candidates
from interview_platform.database.account_ports import AccountRepository
from interview_platform.exceptions import ValidationError
from interview_platform.principal import LOCAL_PRINCIPAL
from interview_platform.session.setup_checks import check_plain_text, validate_problem_text
from tests.unit.repository_fakes import InMemoryCandidates


@pytest.mark.parametrize("bad", ["Ada\x00", "\x1b[31mAda", "Ada\rLovelace", "A\x7f", "A\x85"])
def test_control_characters_are_refused_with_their_position(bad: str) -> None:
    with pytest.raises(ValidationError, match=r"The name contains a control character \(U\+"):
        check_plain_text(bad, "The name")


def test_tabs_newlines_and_any_script_are_plain_text() -> None:
    text = "Zoë 🚀\tمرحبا\nשלום ![x](http://127.0.0.1/x.png)"
    assert check_plain_text(text, "The text") == text


def test_candidate_with_nul_in_the_name_is_not_created() -> None:
    store = InMemoryCandidates()
    # Creating a profile reads only who acts: no ownership lookup is made.
    access = Access(LOCAL_PRINCIPAL, cast(AccountRepository, object()), OwnerCache())
    candidates = Candidates(store, access)

    with pytest.raises(ValidationError, match=r"\(U\+0000\) at position 4"):
        candidates.create("Ada\x00 Lovelace")
    with pytest.raises(ValidationError, match="The e-mail address"):
        candidates.create("Ada", "ada\x07@example.com")

    with pytest.raises(ValidationError, match="The name"):
        candidates.create("A" * 101)
    with pytest.raises(ValidationError, match="The e-mail address"):
        candidates.create("Ada", "a" * 250 + "@b.io")
    made = candidates.create("Ada Lovelace")
    assert made.name == "Ada Lovelace" and made.account_id == LOCAL_PRINCIPAL.account_id


def test_problem_text_with_a_control_character_is_refused() -> None:
    with pytest.raises(ValidationError, match="The problem description contains"):
        validate_problem_text("Design a URL shortener\x00 for a large company")
