"""Who may reach what: every use case asks :class:`Access` before it reads or changes.

A session, a candidate profile and everything under them (resumes, messages, the
drawing, files, the evaluation, usage) belong to the account that owns the profile.
A foreign or unknown id is answered the same way ("not found"), so a stranger cannot
even learn that an interview exists; each refusal of an existing one is audited.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from interview_platform.application.actions import user_action
from interview_platform.application.credentials import TypedKey, credentials_for
from interview_platform.database.account_ports import AccountRepository
from interview_platform.database.accounts import Owner
from interview_platform.exceptions import NotFoundError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.model_values import is_id, utcnow
from interview_platform.models import Session
from interview_platform.principal import Principal

SESSION_NOT_FOUND = "This interview was not found."
CANDIDATE_NOT_FOUND = "This candidate profile was not found."


class OwnerCache:
    """Owners of sessions and candidates, remembered per process.

    An owner never changes (a session keeps its candidate, a profile its account),
    so a positive answer can be kept: the interview page's many reads per second
    cost no extra query. Bounded (least recently used out).

    Args:
        capacity: How many ids to remember.
    """

    def __init__(self, capacity: int = 20_000) -> None:
        self._capacity = capacity
        self._owners: OrderedDict[str, str | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bool, str | None]:
        """(known, owner) of ``key``."""
        with self._lock:
            if key not in self._owners:
                return False, None
            self._owners.move_to_end(key)
            return True, self._owners[key]

    def put(self, key: str, owner: str | None) -> None:
        """Remember the owner of an existing ``key``."""
        with self._lock:
            self._owners[key] = owner
            self._owners.move_to_end(key)
            while len(self._owners) > self._capacity:
                self._owners.popitem(last=False)


class Access:
    """The ownership checks of one principal.

    Args:
        principal: Who is acting.
        owners: Ownership lookups.
        cache: Owners already looked up (shared by every principal of the process).
    """

    def __init__(
        self,
        principal: Principal,
        owners: AccountRepository,
        cache: OwnerCache,
        daily_spend_usd: Decimal | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.principal = principal
        self._owners = owners
        self._cache = cache
        self._daily = daily_spend_usd
        self._clock = clock

    def operator_keys(self) -> bool:
        """Whether this account's model calls may use the operator's API keys now.

        Only accounts the operator allowed may, and a member only while its interviews
        cost less than the daily cap today (UTC); administrators are not capped.
        """
        if not self.principal.may_use_operator_keys:
            return False
        if self.principal.is_admin or self._daily is None:
            return True
        now = self._clock()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return self._owners.spent_since(self.principal.account_id, midnight) < self._daily

    def credentials(self, session: Session, typed: TypedKey | None) -> ProviderCredentials:
        """The interview's credentials; the operator's keys only where :meth:`operator_keys`."""
        creds = credentials_for(session, typed)
        if creds.api_key is not None or creds.is_offline:
            return creds
        return replace(creds, operator_key=self.operator_keys())

    def limit(self, creds: ProviderCredentials | None) -> ProviderCredentials | None:
        """``creds`` chosen in the browser, with the operator's keys only where allowed."""
        if creds is None or creds.api_key is not None or creds.is_offline:
            return creds
        return replace(creds, operator_key=self.operator_keys())

    @property
    def account_filter(self) -> str | None:
        """The account whose rows a listing shows (None: every account, for admins)."""
        return None if self.principal.is_admin else self.principal.account_id

    def may_see_session(self, session_id: str) -> bool:
        """Whether the session exists and is the principal's (refusals are audited)."""
        return self._allowed("session", session_id, self._owners.session_owner)

    def may_see_candidate(self, candidate_id: str) -> bool:
        """Whether the profile exists and is the principal's (refusals are audited)."""
        return self._allowed("candidate", candidate_id, self._owners.candidate_owner)

    def session(self, session_id: str) -> None:
        """Check the principal may reach a session.

        Raises:
            NotFoundError: It does not exist or is not the principal's.
        """
        if not self.may_see_session(session_id):
            raise NotFoundError(SESSION_NOT_FOUND)

    def candidate(self, candidate_id: str) -> None:
        """Check the principal may reach a candidate profile.

        Raises:
            NotFoundError: It does not exist or is not the principal's.
        """
        if not self.may_see_candidate(candidate_id):
            raise NotFoundError(CANDIDATE_NOT_FOUND)

    def _allowed(self, kind: str, key: str, lookup: Callable[[str], Owner]) -> bool:
        if not is_id(key):
            return False
        known, owner = self._cache.get(f"{kind}:{key}")
        if not known:
            found = lookup(key)
            if not found.found:
                return False
            owner = found.account_id
            self._cache.put(f"{kind}:{key}", owner)
        if self.principal.owns(owner):
            return True
        user_action(
            "access.denied",
            f"refused another account's {kind}",
            session_id=key if kind == "session" else None,
            kind=kind,
            target=key,
            account=self.principal.account_id,
        )
        return False
