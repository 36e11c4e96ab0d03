"""fetch(): one GET from a publisher, made polite and safe, with every failure a FetchError.

Guarding against private addresses, and against DNS rebinding: the check lives in the
connection layer, not before the request. A small httpcore network backend resolves the
host once, drops every address that is not public, and connects to one of the addresses it
has just checked, while TLS still sends the host name as SNI and verifies the certificate
for it (httpcore passes the URL's host to ``start_tls``), and the Host header is untouched.
So the address we talk to is always an address we checked; a second, different DNS answer
can never slip in between check and connect. Each redirect that reaches another host opens
a new connection through the same backend, so it is checked the same way, before a single
byte of the request leaves. Proxies from the environment are ignored (``trust_env=False``):
through a proxy we could not know where the request really goes.

Connections are pooled: one httpx client per value of ``allow_private`` for the whole
process (httpx's sync client is safe to share between threads), so the many pages of one
publisher reuse a kept-alive connection.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpcore
import httpx

from tidings.fetch.types import FetchError, FetchPolicy, FetchResult

DEFAULT_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, "
    "text/html;q=0.7, application/xhtml+xml;q=0.7, */*;q=0.1"
)
# No "br": no Brotli decoder is installed, and our own decoding has to be able to stop at
# max_bytes (see _BoundedDecoder), which zlib can do for gzip and deflate.
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ALLOWED_SCHEMES = frozenset({"http", "https"})
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


def deadline_seconds(policy: FetchPolicy) -> float:
    """The most one request (one redirect hop) may take, start to last body byte.

    Per-read timeouts alone let a server that sends a byte just before each timeout hold
    a worker for ever; this bounds the whole exchange.
    """
    return policy.connect_timeout + 3 * policy.read_timeout


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = DEFAULT_ACCEPT,
) -> FetchResult:
    """GET ``url``, following redirects ourselves so that each hop is checked.

    Sends If-None-Match / If-Modified-Since when given (a 304 comes back as a result with
    an empty body). Raises FetchError for anything but a usable answer.
    """
    started = time.monotonic()
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": accept,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    visited: list[str] = []
    current = url
    while True:
        current = _checked_url(current)
        if policy.offline and not names_loopback(current):
            raise FetchError(
                "offline",
                f"{httpx.URL(current).host} is not reachable: tidings runs offline",
                url=url,
            )
        visited.append(current)
        with host_slot(current, policy.host_concurrency):
            outcome = _get_once(current, headers, policy, started)
        if isinstance(outcome, FetchResult):
            return outcome
        if outcome in visited:
            raise FetchError("redirect_loop", f"{url} redirects in a circle via {outcome}", url=url)
        if len(visited) > policy.max_redirects:
            raise FetchError(
                "too_many_redirects",
                f"{url} redirects more than {policy.max_redirects} times",
                url=url,
            )
        current = outcome


def names_loopback(url: str) -> bool:
    """Whether a URL's host is this machine by name or address, with no lookup needed."""
    host = httpx.URL(url).host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet, and so fine to fetch from.

    False for loopback, private, shared (carrier NAT), link-local, multicast, reserved and
    unspecified addresses, v4 or v6. An IPv4 address wrapped in IPv6 (mapped ::ffff:a.b.c.d,
    NAT64 64:ff9b::a.b.c.d, 6to4 2002:a.b.c.d::) is judged by the IPv4 address it reaches.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return _is_public(ip.ipv4_mapped)
        if ip in NAT64_PREFIX:
            return _is_public(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
        if ip.sixtofour is not None and not _is_public(ip.sixtofour):
            return False
    return _is_public(ip)


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


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


def _checked_url(url: str) -> str:
    """The URL in normal form, if it is an http(s) URL with a host; FetchError otherwise."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise FetchError("bad_url", f"{url!r} is not a usable URL: {error}", url=url) from None
    if parsed.scheme not in ALLOWED_SCHEMES:
        scheme = parsed.scheme or "no scheme"
        raise FetchError("bad_scheme", f"{url} uses {scheme}; only http and https", url=url)
    if not parsed.host:
        raise FetchError("bad_url", f"{url} names no host", url=url)
    return str(parsed)


def _get_once(
    url: str, headers: dict[str, str], policy: FetchPolicy, started: float
) -> FetchResult | str:
    """One request: a FetchResult, or the absolute URL that a redirect points to."""
    seconds = deadline_seconds(policy)
    token = _deadline.set(time.monotonic() + seconds)
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=seconds,
    )
    try:
        with _failures_as_fetch_errors(url, seconds):
            client = _client(policy.allow_private)
            request = client.build_request("GET", url, headers=headers, timeout=timeout)
            response = client.send(request, stream=True)
            try:
                return _answer(response, url, headers, policy, started)
            finally:
                response.close()
    finally:
        _deadline.reset(token)


def _answer(
    response: httpx.Response,
    url: str,
    request_headers: dict[str, str],
    policy: FetchPolicy,
    started: float,
) -> FetchResult | str:
    status = response.status_code
    if status in REDIRECT_STATUSES:
        location = response.headers.get("location")
        if not location:
            raise FetchError("bad_response", f"{url} redirects ({status}) but names no Location")
        return str(response.url.join(location))
    retry_after = _retry_after(response.headers.get("retry-after"))
    if status == 429 or (status == 503 and retry_after is not None):
        raise FetchError(
            "rate_limited",
            f"{url} asks us to slow down ({status}), retry after {retry_after or '?'} s",
            status=status,
            retry_after=retry_after,
        )
    if not (200 <= status < 300 or status == 304):
        phrase = response.reason_phrase or "no reason given"
        raise FetchError(f"http_{status}", f"{url} answered {status} {phrase}", status=status)
    body = b"" if status == 304 else _read_body(response, url, policy.max_bytes)
    content_type, charset = _content_type(response.headers.get("content-type", ""))
    return FetchResult(
        url=url,
        status=status,
        body=body,
        content_type=content_type,
        charset=charset,
        etag=response.headers.get("etag") or request_headers.get("If-None-Match"),
        last_modified=(
            response.headers.get("last-modified") or request_headers.get("If-Modified-Since")
        ),
        elapsed_ms=round((time.monotonic() - started) * 1000),
        headers=dict(response.headers.items()),
    )


def _read_body(response: httpx.Response, url: str, limit: int) -> bytes:
    """The decompressed body, refused as soon as it is known to exceed ``limit`` bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError("too_large", f"{url} announces {declared} bytes, over {limit}")
    decoder = _BoundedDecoder(response.headers.get("content-encoding", ""), url, limit)
    for chunk in response.iter_raw():
        decoder.feed(chunk)
    return decoder.finish()


class _BoundedDecoder:
    """Undoes gzip or deflate without ever holding more than ``limit`` decompressed bytes.

    httpx's own decoders inflate each network chunk whole: 64 kB of a gzip bomb becomes
    tens of MB before anyone can count. zlib's ``max_length`` lets us stop at the limit.
    """

    def __init__(self, content_encoding: str, url: str, limit: int) -> None:
        codings = [
            coding.strip().lower()
            for coding in content_encoding.split(",")
            if coding.strip().lower() not in ("", "identity")
        ]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchError("bad_response", f"{url} sent an unsupported encoding {codings}")
        self._coding = codings[0] if codings else None
        self._url = url
        self._limit = limit
        self._body = bytearray()
        self._started = False
        self._inflater = self._new_inflater(raw_deflate=False)

    def _new_inflater(self, *, raw_deflate: bool) -> zlib._Decompress | None:
        if self._coding is None:
            return None
        if self._coding == "deflate":
            # "deflate" should be zlib-wrapped, but some servers send raw deflate.
            return zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> None:
        while data:
            if self._inflater is None:
                self._keep(data)
                return
            room = self._limit - len(self._body) + 1  # one more byte proves it too large
            try:
                piece = self._inflater.decompress(data, room)
            except zlib.error as error:
                if self._coding == "deflate" and not self._started:
                    self._inflater = self._new_inflater(raw_deflate=True)
                    self._started = True
                    continue
                message = f"{self._url}: broken {self._coding}: {error}"
                raise FetchError("bad_response", message) from error
            self._started = True
            self._keep(piece)
            data = self._inflater.unconsumed_tail

    def finish(self) -> bytes:
        if self._inflater is not None:
            self._keep(self._inflater.flush())
        return bytes(self._body)

    def _keep(self, piece: bytes) -> None:
        if len(self._body) + len(piece) > self._limit:
            raise FetchError("too_large", f"{self._url} is larger than {self._limit} bytes")
        self._body += piece


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait, from Retry-After as delta-seconds or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, round((when - datetime.now(UTC)).total_seconds(), 1))


@contextmanager
def _failures_as_fetch_errors(url: str, deadline: float) -> Iterator[None]:
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
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "tidings_fetch_deadline", default=None
)


def _within_deadline(timeout: float | None, expired: type[Exception]) -> float | None:
    deadline = _deadline.get()
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
    """Resolves once, keeps only public addresses, connects to a checked address."""

    def __init__(self, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        if not self._allow_private:
            refused = [address for address in addresses if not is_public_address(address)]
            addresses = [address for address in addresses if address not in refused]
            if not addresses:
                shown = ", ".join(refused)
                raise FetchError("private_address", f"{host} is at {shown}, not a public address")
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

    def __init__(self, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(allow_private),
        )


_clients: dict[bool, httpx.Client] = {}
_clients_lock = threading.Lock()


def _client(allow_private: bool) -> httpx.Client:
    with _clients_lock:
        if allow_private not in _clients:
            _clients[allow_private] = httpx.Client(
                transport=_GuardedTransport(allow_private),
                follow_redirects=False,
                trust_env=False,
            )
        return _clients[allow_private]
