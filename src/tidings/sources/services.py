"""Subscribing to sources, deciding who is due, and recording how each fetch went."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from tidings.fetch import FetchError, FetchPolicy, FetchResult, fetch
from tidings.parse.discovery import discover_feeds, looks_like_html
from tidings.parse.feeds import parse_feed
from tidings.parse.types import ParsedFeed, ParseError
from tidings.sources.models import FetchLog, Source
from tidings.sources.opml import OpmlOutline, parse_opml, render_opml

# A fetch claims its source for a short while and renews the claim as it goes (ClaimKeeper),
# so that a fetch killed half-way holds its source for minutes, not a quarter of an hour.
CLAIM_FOR = timedelta(minutes=2)
RENEW_EVERY = 30  # seconds
# The longest a fetch may keep renewing: a fetch that never ends (a bug) cannot hold its
# source forever. Every request has a timeout, so a real fetch ends well before.
LONGEST_FETCH = timedelta(hours=1)
MAX_BACKOFF = timedelta(hours=24)

log = logging.getLogger(__name__)


class SubscribeError(Exception):
    """A URL that cannot be subscribed to, with the reason in words."""


def fetch_policy() -> FetchPolicy:
    return FetchPolicy.from_config(settings.TIDINGS)


# A refused fetch names the setting that would let it through: code -> (setting, how).
ALLOWED_BY = {
    "private_address": ("TIDINGS_ALLOW_PRIVATE_NETWORKS", "=1 allows private addresses"),
    "offline": ("TIDINGS_OFFLINE", "=0 lets tidings fetch beyond this machine"),
    "too_large": ("TIDINGS_MAX_BYTES", " sets the largest body accepted"),
    "timeout": ("TIDINGS_FETCH_TIMEOUT", " sets the seconds to wait for an answer"),
}


def subscribe(url: str, *, name: str = "") -> tuple[Source, bool]:
    """Add the feed at ``url``, or the feed a site's page names with ``<link rel=alternate>``;
    returns the source and whether it is new (False: it was followed already).

    The feed is fetched and parsed once here, so a URL that is not a feed is refused with
    a reason instead of becoming a source that fails forever.
    """
    url = url.strip()
    existing = Source.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    policy = fetch_policy()
    response = fetch_or_refuse(url, policy)
    if looks_like_html(response.body):
        candidates = discover_feeds(response.body, response.url)
        if not candidates:
            raise SubscribeError(
                f"{url} is a web page that names no feed (no <link rel=alternate>)."
            )
        url = candidates[0]
        existing = Source.objects.filter(url=url).first()
        if existing is not None:
            return existing, False
        response = fetch_or_refuse(url, policy)
    try:
        feed = parse_feed(
            response.body,
            url=response.url,
            content_type=response.content_type,
            charset=response.charset,
        )
    except ParseError as error:
        raise SubscribeError(f"{url} is not a feed we can read: {error}") from None
    source = Source(url=url, name=name or feed.title or url, fetch_interval=default_interval())
    describe_source(source, feed)
    source.save()
    return source, True


def fetch_or_refuse(url: str, policy: FetchPolicy) -> FetchResult:
    try:
        return fetch(url, policy)
    except FetchError as error:
        message = f"{url} could not be fetched: {error.message}"
        setting, how = ALLOWED_BY.get(error.code, ("", ""))
        if setting and setting not in message:  # unless the fetch named it already
            message += f"; {setting}{how}"
        raise SubscribeError(message + ".") from None


def describe_source(source: Source, feed: ParsedFeed) -> None:
    """Fill what the operator left empty from what the feed says about itself."""
    source.name = source.name or feed.title[:300]
    source.site_url = source.site_url or feed.site_url[:2000]
    source.description = source.description or feed.description
    source.language = source.language or feed.language[:20]


def default_interval() -> int:
    return settings.TIDINGS["FETCH_INTERVAL"]


def due_source_ids(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Source.objects.filter(active=True, next_fetch_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_fetch_at")
        .values_list("id", flat=True)
    )


def claim_source(source_id: int) -> Source | None:
    """Take a source for one fetch; None when it is gone, inactive, or another worker has it.

    The conditional UPDATE is the lock: of two workers, only one sees a row change. A claim
    whose time ran out (its fetch was killed) is free. This process renews the claim until
    finish_fetch() releases it.
    """
    now = timezone.now()
    claimed = (
        Source.objects.filter(pk=source_id, active=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM_FOR)
    )
    if not claimed:
        return None
    claims.keep(source_id)
    return Source.objects.get(pk=source_id)


def claimed_elsewhere(source_ids: list[int]) -> dict[int, datetime]:
    """Of these sources, those another fetch holds now, with when its claim runs out."""
    return dict(
        Source.objects.filter(pk__in=source_ids, claimed_until__gte=timezone.now()).values_list(
            "id", "claimed_until"
        )
    )


class ClaimKeeper:
    """Renews, from a thread of its own, the claims of the fetches running in this process.

    One thread for the process, started by the first claim and ended when none is held,
    renews every claim held here every RENEW_EVERY seconds. When the process dies, renewal
    stops with it and its claims run out within CLAIM_FOR.
    """

    def __init__(self) -> None:
        self._held: dict[int, datetime] = {}  # source id -> when it was claimed
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def keep(self, source_id: int) -> None:
        with self._lock:
            self._held[source_id] = timezone.now()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="source-claims", daemon=True)
                self._thread.start()

    def drop(self, source_id: int) -> None:
        with self._lock:
            self._held.pop(source_id, None)

    def _run(self) -> None:
        while True:
            time.sleep(RENEW_EVERY)
            with self._lock:
                if not self._held:  # no fetch runs here: the next claim starts a new thread
                    self._thread = None
                    return
            try:
                self.renew()
            except Exception:  # whatever went wrong, the next round must still come
                log.exception("could not renew the claims on sources")
            finally:
                connection.close()  # this thread's own connection

    def renew(self) -> None:
        """Push on the claims of the fetches running here, except those running too long."""
        now = timezone.now()
        with self._lock:
            ids = [pk for pk, since in self._held.items() if now - since < LONGEST_FETCH]
        if ids:
            Source.objects.filter(pk__in=ids, claimed_until__isnull=False).update(
                claimed_until=now + CLAIM_FOR
            )


claims = ClaimKeeper()


@dataclass
class FetchOutcome:
    status: int | None = None
    bytes: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    etag: str | None = None
    last_modified: str | None = None
    duplicate_guids: int = 0
    entries_left: int = 0
    note: str = ""  # what the fetch left out, in words


@transaction.atomic
def record_success(source: Source, outcome: FetchOutcome, started: float) -> FetchLog:
    now = timezone.now()
    source.last_fetched_at = now
    source.last_status = outcome.status
    source.error_count = 0
    source.last_error_code = ""
    source.last_error = ""
    source.last_note = outcome.note
    if outcome.etag is not None or outcome.last_modified is not None:
        source.etag = (outcome.etag or "")[:500]
        source.last_modified = (outcome.last_modified or "")[:100]
    source.next_fetch_at = now + timedelta(seconds=source.fetch_interval)
    return finish_fetch(
        source,
        started,
        status=outcome.status,
        bytes=outcome.bytes,
        new_articles=outcome.new_articles,
        updated_articles=outcome.updated_articles,
        duplicate_guids=outcome.duplicate_guids,
        entries_left=outcome.entries_left,
        note=outcome.note,
    )


@transaction.atomic
def record_failure(
    source: Source,
    code: str,
    message: str,
    started: float,
    *,
    status: int | None = None,
    retry_after: float | None = None,
) -> FetchLog:
    now = timezone.now()
    source.last_fetched_at = now
    source.last_status = status
    source.error_count += 1
    source.last_error_code = code[:50]
    source.last_error = message
    source.next_fetch_at = now + backoff(source.fetch_interval, source.error_count, retry_after)
    return finish_fetch(source, started, status=status, error_code=code[:50], error=message)


def finish_fetch(source: Source, started: float, **logged) -> FetchLog:
    """Release the source's claim, save what the fetch changed on it, and log the fetch."""
    source.claimed_until = None
    source.save()
    claims.drop(source.pk)
    return FetchLog.objects.create(
        source=source,
        started_at=timezone.now() - timedelta(seconds=time.monotonic() - started),
        duration_ms=elapsed_ms(started),
        **logged,
    )


def backoff(interval: int, failures: int, retry_after: float | None = None) -> timedelta:
    """Wait longer after each failure in a row, up to a day; a publisher's Retry-After wins
    when it asks for more."""
    delay = min(timedelta(seconds=interval * 2 ** min(max(failures - 1, 0), 10)), MAX_BACKOFF)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=min(retry_after, MAX_BACKOFF.total_seconds())))
    return delay


def elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def import_opml(data: bytes) -> tuple[list[Source], int]:
    """Add every feed of an OPML file as it stands (no fetch now: the scheduler will tell
    which work). Returns the new sources and how many were there already."""
    created, existing = [], 0
    for outline in parse_opml(data):
        source, was_created = Source.objects.get_or_create(
            url=outline.url,
            defaults={
                "name": outline.title[:300],
                "site_url": outline.site_url[:2000],
                "fetch_interval": default_interval(),
            },
        )
        if was_created:
            created.append(source)
        else:
            existing += 1
    return created, existing


def export_opml() -> bytes:
    outlines = [
        OpmlOutline(
            url=source.url, title=source.display_name, site_url=source.site_url, category=""
        )
        for source in Source.objects.order_by("name", "id")
    ]
    return render_opml(outlines, title="tidings sources")
