"""The connection layer under fetch(): guarded sockets, deadlines, pooled clients, limits.

Guarding against private addresses, and against DNS rebinding: the check lives in the
connection layer, not before the request. A small httpcore network backend resolves the
host once, drops every address that the policy does not permit (see ``addresses``), and
connects to one of the addresses it has just checked, while TLS still sends the host name
as SNI and verifies the certificate for it (httpcore passes the URL's host to
``start_tls``), and the Host header is untouched. So the address we talk to is always an
address we checked; a second, different DNS answer can never slip in between check and
connect. Each redirect that reaches another host opens a new connection through the same
backend, so it is checked the same way, before a single byte of the request leaves.
Proxies from the environment are ignored (``trust_env=False``): through a proxy we could
not know where the request really goes.

Connections are pooled: one httpx client per set of allowed private networks for the whole
process (httpx's sync client is safe to share between threads), so the many pages of one
publisher reuse a kept-alive connection.
"""

from __future__ import annotations

import contextvars
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx

from tidings.fetch.addresses import PrivateNetworks, refusal
from tidings.fetch.types import FetchError

# Per-host concurrency: a counter per host under one condition, rather than a semaphore
# per host, so that hosts nobody is fetching from take no memory in a long-lived worker.
_host_slots = threading.Condition()
_busy_hosts: dict[str, int] = {}


@contextmanager
def host_slot(url: str, limit: int) -> Iterator[None]:
    """Wait until fewer than ``limit`` requests to the host of ``url`` are under way in this
    process, and count this one among them until the block ends."""
    host = (httpx.URL(url).host or url).lower()
    with _host_slots:
        while _busy_hosts.get(host, 0) >= max(limit, 1):
            _host_slots.wait()
        _busy_hosts[host] = _busy_hosts.get(host, 0) + 1
    try:
        yield
    finally:
        with _host_slots:
            _busy_hosts[host] -= 1
            if not _busy_hosts[host]:
                del _busy_hosts[host]
            _host_slots.notify_all()


@contextmanager
def failures_as_fetch_errors(url: str, deadline: float) -> Iterator[None]:
    """Turn what httpx, httpcore and sockets raise into FetchError codes."""
    try:
        yield
    except FetchError as error:
        error.url = error.url or url
        raise
    except httpx.TimeoutException as error:
        message = f"{url} did not answer within the time allowed (at most {deadline:g} s)"
        raise FetchError("timeout", message, url=url) from error
    except httpx.ConnectError as error:
        if _caused_by(error, ssl.SSLError):
            raise FetchError("tls", f"TLS with {url} failed: {error}", url=url) from error
        raise FetchError("connect", f"could not connect to {url}: {error}", url=url) from error
    except httpx.NetworkError as error:
        raise FetchError("connect", f"the connection to {url} broke: {error}", url=url) from error
    except httpx.HTTPError as error:
        message = f"{url} answered with something that is not HTTP: {error}"
        raise FetchError("bad_response", message, url=url) from error
    except OSError as error:
        raise FetchError("connect", f"network failure for {url}: {error}", url=url) from error


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, kind):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


# The deadline of the request under way in this thread; the network streams read it on
# every wait. httpx's sync client does its I/O in the calling thread, so this is exact.
request_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "tidings_fetch_deadline", default=None
)


def _within_deadline(timeout: float | None, expired: type[Exception]) -> float | None:
    deadline = request_deadline.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise expired("the overall deadline passed")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every wait is cut short at the request's overall deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _within_deadline(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves once, keeps only the addresses ``allowed`` permits, connects to one of them."""

    def __init__(self, allowed: PrivateNetworks) -> None:
        self._allowed = allowed
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        found = _resolve(host, port)
        addresses = [address for address in found if self._allowed.permits(host, address)]
        if not addresses:
            raise FetchError("private_address", refusal(host, found))
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            wait = _within_deadline(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._sockets.connect_tcp(
                    address, port, wait, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                continue
            return _DeadlineStream(stream)
        raise failure


def _resolve(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError("dns", f"{host} could not be resolved: {error}") from None
    return list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in found))


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with our network backend underneath.

    httpx 0.28 has no public way to pass a network backend, so this replaces the
    connection pool it builds (``_pool``) with one that uses ours; httpx is pinned.
    """

    def __init__(self, allowed: PrivateNetworks) -> None:
        super().__init__(trust_env=False)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(allowed),
        )


_clients: dict[PrivateNetworks, httpx.Client] = {}
_clients_lock = threading.Lock()


def client(allowed: PrivateNetworks) -> httpx.Client:
    """The process's pooled client that may reach the public internet and ``allowed``."""
    with _clients_lock:
        if allowed not in _clients:
            _clients[allowed] = httpx.Client(
                transport=_GuardedTransport(allowed),
                follow_redirects=False,
                trust_env=False,
            )
        return _clients[allowed]
