"""A lightweight Streamlit client: one websocket per simulated candidate, no browser.

Speaks Streamlit's own protocol with the protobufs of the installed ``streamlit`` package,
as the browser frontend does: an HTTP GET of the page first (nginx's ``ip_affinity``
cookie pins the websocket to the process that served it), then ``/_stcore/stream`` with
the ``streamlit`` subprotocol; the client sends ``BackMsg.rerun_script`` and reads
``ForwardMsg`` s (``new_session``, ``delta``, ``auto_rerun``, ``script_finished``).

What a browser would do on its own is done here too, so the server's cost is the real
one: fragments that ask for ``auto_rerun`` are rerun at their interval (as the frontend's
timers do), and a typed answer is the chat input's ``chat_input_value`` trigger sent in a
rerun of the fragment that drew the chat input. Nothing is rendered: each ``delta``'s
markdown text is kept with the time it arrived, so a caller can see when a reply showed.

Used by ``bench/ws_load.py`` (100 candidates cost a few % of a core) and its test.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

# Only the wire format (generated protobuf classes), never Streamlit's runtime: this is
# the client side of the protocol, outside the app (hence the ban's exception here).
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: TID251
from streamlit.proto.ClientState_pb2 import ClientState  # noqa: TID251
from streamlit.proto.Common_pb2 import ChatInputValue  # noqa: TID251
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates  # noqa: TID251
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import MessageRole

APP_DONE = ForwardMsg.FINISHED_SUCCESSFULLY


def page_cookies(url: str) -> tuple[str, str]:
    """GET the page as a browser would first; return its cookies and the serving process.

    Through the proxy the cookies are the affinity cookie (and Streamlit's XSRF cookie when
    the page sets one), so the websocket that follows reaches the process that served the
    page; that process is the proxy's ``X-Upstream`` header (empty without the proxy).
    """
    jar: SimpleCookie = SimpleCookie()
    with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 - loopback only
        for header in resp.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        upstream = resp.headers.get("X-Upstream", "")
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items()), upstream


@dataclass
class Shown:
    """One markdown text as the server sent it, and when (``time.perf_counter``)."""

    text: str
    at: float


@dataclass
class StreamlitTab:
    """One connected page: the websocket, what the server drew, and the open fragments."""

    ws: ClientConnection
    query: str
    page_name: str
    upstream: str = ""  # the app process behind the proxy that served the page
    page_hash: str = ""
    widgets: dict[str, str] = field(default_factory=dict)  # key -> widget id
    fragment_of: dict[str, str] = field(default_factory=dict)  # widget id -> fragment id
    shown: list[Shown] = field(default_factory=list)
    finished: list[tuple[int, float]] = field(default_factory=list)  # (status, at)
    exceptions: list[str] = field(default_factory=list)
    timers: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    reader: asyncio.Task[None] | None = None
    closed: bool = False

    async def rerun(self, fragment_id: str = "", widgets: list[WidgetState] | None = None) -> None:
        """Send ``rerun_script`` for the page (or one fragment) with these widget values."""
        state = ClientState(
            query_string=self.query,
            page_script_hash=self.page_hash,
            page_name="" if self.page_hash else self.page_name,
            fragment_id=fragment_id,
            is_auto_rerun=False,
            widget_states=WidgetStates(widgets=widgets or []),
        )
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())

    async def type_answer(self, text: str, key: str = "chat_input") -> float:
        """Send ``text`` through the chat input keyed ``key``; return when it was sent."""
        widget = self.widgets[key]
        value = WidgetState(id=widget, chat_input_value=ChatInputValue(data=text))
        sent = time.perf_counter()
        await self.rerun(self.fragment_of.get(widget, ""), [value])
        return sent

    async def wait_for_text(self, needle: str, since: float, timeout: float) -> float:
        """Wait until a markdown text containing ``needle`` arrives after ``since``."""
        deadline = time.perf_counter() + timeout
        seen = 0
        while time.perf_counter() < deadline:
            for item in self.shown[seen:]:
                if item.at >= since and needle in item.text.replace("\\", ""):
                    return item.at
            seen = max(0, len(self.shown) - 1)  # the last text may still grow (streamed)
            if self.closed:
                raise ConnectionError("the websocket closed")
            await asyncio.sleep(0.02)
        raise TimeoutError(f"{needle[:40]!r} not shown within {timeout:.0f} s")

    async def close(self) -> None:
        """Stop the fragment timers and close the websocket."""
        for task in self.timers.values():
            task.cancel()
        with contextlib.suppress(Exception):
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader
        self.closed = True


def _element_texts(element: Any) -> list[str]:
    """The visible text of one element (markdown, caption, text, error/warning)."""
    kind = element.WhichOneof("type")
    if kind == "markdown":
        return [element.markdown.body]
    if kind == "text":
        return [element.text.body]
    if kind in ("alert", "exception"):
        part = getattr(element, kind)
        return [getattr(part, "body", "") or getattr(part, "message", "")]
    return []


def _widget(element: Any) -> tuple[str, str] | None:
    """(key, id) of a widget element: the key is the id's suffix after ``-``."""
    kind = element.WhichOneof("type")
    part = getattr(element, kind, None) if kind else None
    widget_id = getattr(part, "id", "") if part is not None else ""
    if not isinstance(widget_id, str) or not widget_id.startswith("$$ID"):
        return None
    parts = widget_id.split("-", 2)  # $$ID-<hash>-<user key or None>
    return (parts[2] if len(parts) == 3 else widget_id), widget_id


async def _auto_rerun(tab: StreamlitTab, fragment_id: str, interval: float) -> None:
    """What the frontend's timer does: rerun this fragment every ``interval`` s."""
    while not tab.closed:
        await asyncio.sleep(interval)
        state = ClientState(
            query_string=tab.query,
            page_script_hash=tab.page_hash,
            fragment_id=fragment_id,
            is_auto_rerun=True,
        )
        await tab.ws.send(BackMsg(rerun_script=state).SerializeToString())


def _handle_delta(tab: StreamlitTab, msg: ForwardMsg, now: float) -> None:
    delta = msg.delta
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    tab.shown.extend(Shown(text, now) for text in _element_texts(element) if text)
    if element.WhichOneof("type") == "exception":
        tab.exceptions.append(element.exception.message)
    found = _widget(element)
    if found:
        tab.widgets[found[0]] = found[1]
        if delta.fragment_id:
            tab.fragment_of[found[1]] = delta.fragment_id


def _stop_timers(tab: StreamlitTab, msg: ForwardMsg, now: float) -> None:
    for fragment in msg.stop_auto_rerun.fragment_ids:
        task = tab.timers.pop(fragment, None)
        if task is not None:
            task.cancel()


def _start_timer(tab: StreamlitTab, msg: ForwardMsg, now: float) -> None:
    fragment, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
    if fragment not in tab.timers:
        tab.timers[fragment] = asyncio.create_task(_auto_rerun(tab, fragment, interval))


def _page(tab: StreamlitTab, msg: ForwardMsg, now: float) -> None:
    # new_session names the main script; st.navigation then names the page actually run.
    named = msg.navigation if msg.HasField("navigation") else msg.new_session
    tab.page_hash = named.page_script_hash


def _finished(tab: StreamlitTab, msg: ForwardMsg, now: float) -> None:
    tab.finished.append((msg.script_finished, now))


_HANDLERS = {
    "delta": _handle_delta,
    "new_session": _page,
    "navigation": _page,
    "auto_rerun": _start_timer,
    "stop_auto_rerun": _stop_timers,
    "script_finished": _finished,
}


async def _read(tab: StreamlitTab) -> None:
    try:
        async for frame in tab.ws:
            msg = ForwardMsg()
            msg.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
            handler = _HANDLERS.get(msg.WhichOneof("type") or "")
            if handler is not None:
                handler(tab, msg, time.perf_counter())
    except ConnectionClosed:
        pass  # reported through ``closed``
    except Exception as exc:  # a message this client cannot read: an error, never hidden
        tab.exceptions.append(f"client: {type(exc).__name__}: {exc}")
    finally:
        tab.closed = True


async def open_tab(base_url: str, page: str, query: str, timeout: float = 60) -> StreamlitTab:
    """Open ``base_url/page?query`` as a browser tab would; return once its first run ended.

    Args:
        base_url: ``http://127.0.0.1:<port>`` of the app or of the proxy in front of it.
        page: The page's URL path name (``interview``).
        query: The query string without ``?`` (``session=<id>``).
        timeout: Seconds to wait for the page's first run to finish.

    Returns:
        The connected tab, its widgets known, its auto-rerun timers running.
    """
    cookies, upstream = await asyncio.to_thread(page_cookies, f"{base_url}/{page}?{query}")
    netloc = urlsplit(base_url).netloc
    ws = await connect(
        f"ws://{netloc}/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        additional_headers={"Cookie": cookies} if cookies else None,
        max_size=None,
        open_timeout=timeout,
    )
    tab = StreamlitTab(ws, query, page, upstream=upstream)
    tab.reader = asyncio.create_task(_read(tab))
    started = time.perf_counter()
    await tab.rerun()
    deadline = started + timeout
    while not any(status == APP_DONE for status, _ in tab.finished):
        if tab.closed or time.perf_counter() > deadline:
            await tab.close()
            raise TimeoutError(f"/{page} did not finish its first run within {timeout:.0f} s")
        await asyncio.sleep(0.02)
    return tab


async def _stored_reply(store: PostgresDataStore, session_id: str, text: str, until: float) -> str:
    """Poll the database (the ground truth) until ``text`` and a reply after it are stored."""
    while time.perf_counter() < until:
        last = await asyncio.to_thread(store.conversation.get_messages, session_id, 2)
        if len(last) == 2 and last[0].content == text and last[1].role is MessageRole.INTERVIEWER:
            return last[1].content
        await asyncio.sleep(0.05)
    raise TimeoutError(f"no reply to {text[:40]!r} stored")


async def take_turn(
    tab: StreamlitTab, store: PostgresDataStore, session_id: str, text: str, timeout: float = 60
) -> float:
    """Type ``text``; return the seconds until its reply was stored and its text drawn.

    Raises:
        TimeoutError: The answer, its stored reply or the drawn reply did not come in time.
        ConnectionError: The websocket closed meanwhile.
    """
    sent = await tab.type_answer(text)
    until = sent + timeout
    await tab.wait_for_text(text[:40], sent, timeout)  # the answer is on the page
    reply = await _stored_reply(store, session_id, text, until)
    shown = await tab.wait_for_text(reply[:60], sent, max(0.1, until - time.perf_counter()))
    return shown - sent
