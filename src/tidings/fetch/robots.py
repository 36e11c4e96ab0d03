"""RobotsCache: may tidings fetch this page, by the site's robots.txt (RFC 9309)?"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

import httpx

from tidings.fetch.http import ALLOWED_SCHEMES, fetch
from tidings.fetch.types import FetchError, FetchPolicy

ROBOTS_AGENT = "tidings"  # the product token that robots.txt groups are matched against
# Failures that say the host itself cannot be reached, rather than that robots.txt is bad.
UNREACHABLE_CODES = frozenset({"dns", "connect", "tls", "timeout", "private_address"})
# RFC 9309 2.3.1.2: after too many redirects, robots.txt counts as unavailable (like 4xx).
UNAVAILABLE_CODES = frozenset({"redirect_loop", "too_many_redirects"})
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


@dataclass(frozen=True)
class _Entry:
    expires: float  # time.monotonic()
    rules: RobotFileParser
    unreachable: FetchError | None = None


class RobotsCache:
    """robots.txt per scheme, host and port, fetched through ``fetch()`` with the same
    policy as the pages, kept ``ttl`` seconds (``failure_ttl`` after a failure); safe to
    share between threads, and each robots.txt is fetched by one thread at a time.

    What the answer to GET /robots.txt means, as RFC 9309 says:
    1. 2xx: the rules in the file, for the group that names "tidings", else "*".
    2. 4xx other than 429, or too many redirects: no rules, every page allowed.
    3. 5xx, 429, or an answer we cannot use: every page disallowed, until the entry expires.
    4. The host cannot be reached at all (DNS, connect, TLS, timeout, private address):
       ``allowed()`` raises that FetchError, and raises it again at once for every page of
       that host until the entry expires, so a batch of pages on a dead host costs one wait.
    """

    def __init__(self, policy: FetchPolicy, *, ttl: float = 3600.0, failure_ttl: float = 600.0):
        self._policy = policy
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._entries: dict[str, _Entry] = {}
        self._guard = threading.Lock()
        self._origin_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url``; FetchError when its host is unreachable
        (see 4. above) or the URL is not http(s)."""
        origin = _origin(url)
        with self._guard:
            origin_lock = self._origin_locks[origin]
        with origin_lock:
            entry = self._entries.get(origin)
            if entry is None or entry.expires <= time.monotonic():
                entry = self._entries[origin] = self._load(origin)
        if entry.unreachable is not None:
            failure = entry.unreachable
            message = f"{origin} was unreachable when last tried: {failure.message}"
            raise FetchError(failure.code, message, url=url)
        return entry.rules.can_fetch(ROBOTS_AGENT, url)

    def _load(self, origin: str) -> _Entry:
        try:
            result = fetch(f"{origin}/robots.txt", self._policy, accept="text/plain, */*;q=0.1")
        except FetchError as error:
            failed_until = time.monotonic() + self._failure_ttl
            if error.code in UNREACHABLE_CODES:
                return _Entry(failed_until, _rules(DISALLOW_ALL), unreachable=error)
            status = error.status or 0
            if error.code in UNAVAILABLE_CODES or (400 <= status < 500 and status != 429):
                return _Entry(time.monotonic() + self._ttl, _rules([]))
            return _Entry(failed_until, _rules(DISALLOW_ALL))
        lines = result.body.decode("utf-8", errors="replace").splitlines()
        return _Entry(time.monotonic() + self._ttl, _rules(lines))


def _rules(lines: list[str]) -> RobotFileParser:
    rules = RobotFileParser()
    rules.parse(lines)
    return rules


def _origin(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise FetchError("bad_url", f"{url!r} is not a usable URL: {error}", url=url) from None
    if parsed.scheme not in ALLOWED_SCHEMES or not parsed.host:
        raise FetchError("bad_scheme", f"{url} is not an http or https URL", url=url)
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii').lower()}"
