"""A TCP proxy on 127.0.0.1 between the app and PostgreSQL that can cut the database.

:meth:`DbProxy.cut` drops every open connection and stops listening, so new ones are
refused, as when the server goes away; :meth:`DbProxy.restore` listens again on the
same port. The app under test keeps its database URL (:meth:`DbProxy.url`), so it
sees a real outage: dead pooled sockets, then refused connects, then recovery.
:meth:`DbProxy.stall` is the quieter failure of a cut network: sockets stay open and
accept what is sent, but nothing reaches the server and nothing comes back.

Example::

    with DbProxy.around(database_url) as proxy:
        store = PostgresDataStore(proxy.url)
        proxy.cut()      # every query now fails
        proxy.restore()  # and works again
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit, urlunsplit

__all__ = ["DbProxy"]

_CHUNK = 65536
_POLL_S = 0.05


class DbProxy:
    """Forwards loopback connections to ``target``; can be cut and restored.

    Args:
        database_url: The real database's URL (its host and port are forwarded to).
    """

    def __init__(self, database_url: str) -> None:
        parts = urlsplit(database_url)
        self._database_url = database_url
        self._target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._port = 0
        self._stopped = threading.Event()
        self._stalled = threading.Event()
        self.connections = 0  # accepted so far (lets a test see the app went through it)

    @classmethod
    @contextmanager
    def around(cls, database_url: str) -> Iterator[DbProxy]:
        """A started proxy in front of ``database_url``'s server; closed afterwards."""
        proxy = cls(database_url)
        proxy.restore()
        try:
            yield proxy
        finally:
            proxy.close()

    @property
    def port(self) -> int:
        """The loopback port the proxy listens on (kept across cuts)."""
        return self._port

    @property
    def url(self) -> str:
        """The database URL with its host and port replaced by the proxy's."""
        return self.rewrite(self._database_url)

    def rewrite(self, database_url: str) -> str:
        """``database_url`` pointed at the proxy (user, password and database kept)."""
        parts = urlsplit(database_url)
        userinfo, _, _ = parts.netloc.rpartition("@")
        netloc = f"{userinfo}@127.0.0.1:{self._port}" if userinfo else f"127.0.0.1:{self._port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    def stall(self) -> None:
        """Stop forwarding: open and new connections get no answer, and are not closed."""
        self._stalled.set()

    def restore(self) -> None:
        """Listen (again) on the proxy's port and forward new connections."""
        self._stalled.clear()
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self._port))
            listener.listen(64)
            listener.settimeout(_POLL_S)
            self._port = listener.getsockname()[1]
            self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until :meth:`restore`."""
        with self._lock:
            listener, self._listener = self._listener, None
            open_sockets, self._sockets = self._sockets, set()
        if listener is not None:
            listener.close()
        for sock in open_sockets:
            _close(sock)

    def close(self) -> None:
        """Cut for good."""
        self._stopped.set()
        self.cut()

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            with self._lock:
                if self._listener is not listener:
                    return
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:  # the listener was closed by cut()
                return
            self._forward(client)

    def _forward(self, client: socket.socket) -> None:
        if self._stalled.is_set():  # accepted, then never answered
            with self._lock:
                self._sockets.add(client)
            return
        try:
            server = socket.create_connection(self._target, timeout=5)
        except OSError:
            _close(client)
            return
        server.settimeout(None)
        client.settimeout(None)
        with self._lock:
            if self._listener is None:  # cut while connecting
                _close(client)
                _close(server)
                return
            self._sockets.update((client, server))
            self.connections += 1
        for source, sink in ((client, server), (server, client)):
            args = (source, sink, self._stalled)
            threading.Thread(target=_pump, args=args, daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket, stalled: threading.Event) -> None:
    try:
        while data := source.recv(_CHUNK):
            if not stalled.is_set():  # stalled: what was sent is swallowed
                sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        sock.close()
