"""fetch(): one GET from a publisher, made polite and safe, with every failure a FetchError.

Redirects are followed here, hop by hop, so that each hop's URL is checked and each new
host goes through the guarded connection layer (``connection``); bodies are decompressed
by our own bounded decoder, so that no response can grow past ``max_bytes``.
"""

from __future__ import annotations

import time
import zlib
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from tidings.fetch.addresses import names_loopback
from tidings.fetch.connection import client, failures_as_fetch_errors, host_slot, request_deadline
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
    token = request_deadline.set(time.monotonic() + seconds)
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=seconds,
    )
    try:
        with failures_as_fetch_errors(url, seconds):
            pooled = client(policy.private_networks)
            request = pooled.build_request("GET", url, headers=headers, timeout=timeout)
            response = pooled.send(request, stream=True)
            try:
                return _answer(response, url, headers, policy, started)
            finally:
                response.close()
    finally:
        request_deadline.reset(token)


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
