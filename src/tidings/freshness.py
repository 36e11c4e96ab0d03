"""The content version: one value, shared by every process through the default cache,
that changes whenever stored articles, stories or comments change. Cached pages and their
ETags carry it, so a page rendered before the change is never served after it."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

KEY = "content-version"


def version() -> str:
    """The current version; the first reader after a cache flush starts a new one."""
    current = cache.get(KEY)
    if current is None:
        current = str(time.time_ns())
        cache.add(KEY, current, timeout=None)
        current = cache.get(KEY, current)
    return current


def changed() -> None:
    """Mark every cached page stale. A new value rather than a count, so that two writers
    at once cannot both write the same next number and leave a reader's old one valid."""
    cache.set(KEY, str(time.time_ns()), timeout=None)


def changed_on_commit() -> None:
    """``changed`` once the current transaction commits: a page rendered between the write
    and the commit would not see the write, and must not be kept under the new version."""
    transaction.on_commit(changed)
