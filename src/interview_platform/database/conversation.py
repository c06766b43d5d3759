"""PostgreSQL repository of conversation messages."""

from __future__ import annotations

from interview_platform.database import rows, sql
from interview_platform.database.statements import Statements
from interview_platform.models import Message


class PostgresConversation:
    """The messages of each session (implements :class:`~.ports.ConversationRepository`).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def append_message(self, message: Message) -> Message:
        """Append a message to its session's conversation (durable on return)."""
        self._sql.execute("append_message", sql.INSERT_MESSAGE, rows.message_params(message))
        return message

    def append_if_active(self, message: Message) -> bool:
        """Append a message only while its session is active; True when it was stored.

        The check and the insert are one statement, so a message is never stored after
        the session's end has been committed.
        """
        params = rows.message_params(message)
        return self._sql.execute("append_message", sql.INSERT_MESSAGE_IF_ACTIVE, params) == 1

    def get_messages(self, session_id: str, limit: int | None = None) -> list[Message]:
        """Return the conversation oldest first; with ``limit``, only the newest N."""
        if limit is None:
            return self._sql.map_all(
                "get_messages", sql.SELECT_MESSAGES, (session_id,), rows.message_from_row
            )
        params = (session_id, max(0, limit))
        return self._sql.map_all(
            "get_messages", sql.SELECT_LAST_MESSAGES, params, rows.message_from_row
        )

    def count_messages(self, session_id: str) -> int:
        """Return the number of messages of a session."""
        row = self._sql.fetch_one("count_messages", sql.COUNT_MESSAGES, (session_id,))
        return int(row["n"]) if row is not None else 0
