"""Say once that a service is unreachable, not at every attempt, and when it is back.

A web process or worker that loses Redis (or its queue) keeps going on what it has: the
rate limits count in the database, the workers wait and try again. What the operator
needs is one line per interval saying so, and one when it is over, not a traceback per
request or per poll.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Outage:
    """The state of one service (``what``, e.g. "Redis for rate limits").

    ``failed(error)`` records a failed attempt and logs a warning at most once per
    ``log_every`` seconds; ``recovered()`` logs once that it answers again;
    ``retry_due()`` says whether ``retry_every`` seconds have passed since the last
    failed attempt, so that callers do not wait on a dead service at every request.
    """

    def __init__(
        self,
        what: str,
        *,
        retry_every: float,
        log_every: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.retry_every = retry_every
        self.log_every = log_every
        self.clock = clock
        self.since: float | None = None
        self.last_attempt = 0.0
        self.last_logged = 0.0
        self.lock = threading.Lock()

    @property
    def down(self) -> bool:
        return self.since is not None

    def retry_due(self) -> bool:
        return self.since is None or self.clock() - self.last_attempt >= self.retry_every

    def failed(self, error: BaseException, fallback: str) -> None:
        """Record a failed attempt; ``fallback`` says what happens meanwhile."""
        with self.lock:
            now = self.clock()
            self.last_attempt = now
            first = self.since is None
            if first:
                self.since = now
            if not (first or now - self.last_logged >= self.log_every):
                return
            self.last_logged = now
            down_for = now - self.since
        log.warning(
            "%s is unreachable%s (%s: %s); %s, trying again every %g seconds.",
            self.what,
            "" if first else f" for {down_for:.0f} seconds",
            type(error).__name__,
            str(error).splitlines()[0] if str(error) else "no details",
            fallback,
            self.retry_every,
        )

    def recovered(self) -> None:
        if self.since is None:
            return
        with self.lock:
            if self.since is None:
                return
            down_for = self.clock() - self.since
            self.since = None
        log.warning("%s answers again after %.0f seconds.", self.what, down_for)
