"""refresh_source(): one feed, fetched and turned into stored articles, stage by stage.

fetch → parse → keep new or changed entries → full text and lead image (page fetch and
extraction, in parallel, politely) → store (articles). Enrichment (language, copies,
hashtags, summary, facts, embedding) and stories follow in batches: understand_pending().

A refresh works within a budget: the parser reads at most 500 items, pages in hand are
bounded by the page workers, not by the feed (articles are stored a few at a time as they
complete, and their pages let go), and after ``REFRESH_SECONDS`` no more pages are
started. What a refresh leaves out is counted in its fetch log and shown in the source's
health; entries left for lack of time are simply new next time.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as WaitTimedOut
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db import DatabaseError, connections, transaction

from tidings.articles.store import (
    IncomingArticle,
    Outcome,
    StoredEntry,
    entry_fingerprint,
    store_article,
    stored_entries,
)
from tidings.enrich.hashtags import tag_from_categories
from tidings.enrich.stages import enrich_pending, forget_analysis
from tidings.fetch import FetchError, FetchPolicy, fetch
from tidings.full_text import complete_entry
from tidings.parse.feeds import MAX_ENTRIES, parse_feed
from tidings.parse.types import ParsedEntry, ParseError
from tidings.progress import progress
from tidings.sources.models import FetchLog, Source
from tidings.sources.services import (
    FetchOutcome,
    claim_source,
    describe_source,
    fetch_policy,
    record_failure,
    record_success,
)
from tidings.stories.assign import cluster_pending

log = logging.getLogger(__name__)

PAGE_WORKERS = 8


def refresh_source(source_id: int) -> FetchLog | None:
    """Fetch one source and store its new and changed articles. None when the source is
    gone, paused, or being fetched by another worker right now."""
    source = claim_source(source_id)
    if source is None:
        return None
    started = time.monotonic()
    policy = fetch_policy()
    try:
        # 1. Fetch the feed, conditionally: an unchanged feed costs one 304.
        response = fetch(
            source.url, policy, etag=source.etag or None, last_modified=source.last_modified or None
        )
        if response.not_modified:
            return record_success(source, FetchOutcome(status=304), started)
        # 2. Parse whatever format it is into normal entries.
        feed = parse_feed(
            response.body,
            url=response.url,
            content_type=response.content_type,
            charset=response.charset,
        )
        describe_source(source, feed)
        outcome = FetchOutcome(
            status=response.status,
            bytes=len(response.body),
            etag=response.etag,
            last_modified=response.last_modified,
        )
        # 3. Full text and image for the entries that are new or changed, and
        # 4. each stored as soon as it is complete, keeping earlier versions of changed ones.
        work = work_to_do(source, feed.entries)
        outcome.duplicate_guids = work.duplicates
        deadline = started + settings.TIDINGS["REFRESH_SECONDS"]
        done = 0
        completed = complete_entries(source, work, policy, deadline=deadline)
        while batch := list(islice(completed, PAGE_WORKERS)):
            store(source, batch, outcome)
            done += len(batch)
        outcome.entries_left = len(work.entries) - done
        if outcome.entries_left:
            # Without validators the next fetch reads the feed again, and finds them.
            outcome.etag, outcome.last_modified = "", ""
        outcome.note = what_was_left_out(feed.more_entries, outcome)
        return record_success(source, outcome, started)
    except FetchError as error:
        return record_failure(
            source,
            error.code,
            error.message,
            started,
            status=error.status,
            retry_after=error.retry_after,
        )
    except ParseError as error:
        return record_failure(source, "parse_error", str(error), started, status=response.status)
    except Exception as error:  # a bug must cost one fetch, not the worker
        log.exception("refreshing source %s failed", source.pk)
        return record_failure(source, "internal_error", f"{type(error).__name__}: {error}", started)


def store(source: Source, articles: list[IncomingArticle], outcome: FetchOutcome) -> None:
    """Store a few completed articles in one write transaction: SQLite's single writer is
    held for a moment, never across a page fetch, and each article has its own savepoint,
    so a bad one costs only itself."""
    updated: list[int] = []
    with transaction.atomic():
        for article in articles:
            try:
                with transaction.atomic():
                    stored, result = store_article(source.id, article)
                    # A new article without categories has no feed hashtags to set.
                    if result is Outcome.UPDATED or (
                        result is Outcome.CREATED and article.categories
                    ):
                        tag_from_categories(stored, article.categories)
            except DatabaseError:
                log.exception("article %s of source %s not stored", article.url, source.pk)
                continue
            if result is Outcome.UPDATED:
                updated.append(stored.pk)
            outcome.new_articles += result is Outcome.CREATED
            outcome.updated_articles += result is Outcome.UPDATED
        # New articles have no analysis yet; changed ones lose theirs. Either way the
        # enrichment stages pick them up, in large batches (enrich_pending).
        if updated:
            forget_analysis(updated)


@dataclass
class Work:
    entries: list[ParsedEntry]  # new or changed, each GUID once, in feed order
    fingerprints: dict[str, str]
    stored: dict[str, StoredEntry]
    duplicates: int  # entries dropped for repeating an earlier entry's GUID


def work_to_do(source: Source, entries: list[ParsedEntry]) -> Work:
    """The entries that are new or changed since the last fetch."""
    unique = unique_by_guid(entries)
    fingerprints = {entry.guid: fingerprint_of(entry) for entry in unique}
    stored = stored_entries(source.id, list(fingerprints))
    todo = [
        entry
        for entry in unique
        if entry.guid not in stored or stored[entry.guid].fingerprint != fingerprints[entry.guid]
    ]
    return Work(todo, fingerprints, stored, duplicates=len(entries) - len(unique))


def what_was_left_out(more_entries: bool, outcome: FetchOutcome) -> str:
    """The fetch's note: what it did not store, and why, in words."""
    notes = []
    if more_entries:
        notes.append(f"the feed has more than {MAX_ENTRIES} items; only the first were read")
    if outcome.duplicate_guids:
        notes.append(f"{outcome.duplicate_guids} items repeated another item's GUID, dropped")
    if outcome.entries_left:
        notes.append(
            f"time ran out ({settings.TIDINGS['REFRESH_SECONDS']} s): "
            f"{outcome.entries_left} items left for the next fetch"
        )
    return "; ".join(notes)


def complete_entries(
    source: Source, work: Work, policy: FetchPolicy, *, deadline: float
) -> Iterator[IncomingArticle]:
    """The work's entries, each with its full text and lead image, in feed order, until
    ``deadline`` (time.monotonic())."""

    def complete(entry: ParsedEntry) -> IncomingArticle:
        return complete_entry(
            entry,
            work.fingerprints[entry.guid],
            policy,
            fetch_pages=source.fetch_pages,
            language=source.language,
        )

    return in_order_until(complete, work.entries, workers=PAGE_WORKERS, deadline=deadline)


def in_order_until(
    work: Callable[[ParsedEntry], IncomingArticle],
    entries: Iterable[ParsedEntry],
    *,
    workers: int,
    deadline: float,
) -> Iterator[IncomingArticle]:
    """``work`` of each entry, ``workers`` at a time, yielded in entry order.

    At most ``workers`` results exist at once: the next entry starts only when the oldest
    result has been taken, so memory is bounded by the workers, not by the feed. At the
    deadline the generator ends; pages still being fetched finish in their threads (each
    within its own request deadline) and are dropped.
    """
    pool = ThreadPoolExecutor(max_workers=workers)
    pending: deque[Future[IncomingArticle]] = deque()
    waiting = iter(entries)
    try:
        for entry in waiting:
            pending.append(pool.submit(work, entry))
            if len(pending) >= workers:
                break
        while pending:
            try:
                result = pending[0].result(timeout=max(deadline - time.monotonic(), 0))
            except WaitTimedOut:
                return
            pending.popleft()
            if time.monotonic() < deadline:
                entry = next(waiting, None)
                if entry is not None:
                    pending.append(pool.submit(work, entry))
            yield result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def fingerprint_of(entry: ParsedEntry) -> str:
    return entry_fingerprint(
        entry.title,
        entry.url,
        entry.summary_html,
        entry.content_html,
        entry.updated,
        entry.image_url,
        entry.image_caption,
        ",".join(entry.categories),
    )


def unique_by_guid(entries: list[ParsedEntry]) -> list[ParsedEntry]:
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.guid not in seen:
            seen.add(entry.guid)
            unique.append(entry)
    return unique


def refresh_sources(source_ids: list[int], *, workers: int = 1) -> Iterator[FetchLog | None]:
    """Refresh many sources, ``workers`` at a time, yielding each fetch's log as it ends.

    Sources run in threads of their own, each with its own database connection; with one
    worker everything runs in the caller's thread (and its transaction, as tests need).
    """
    if workers <= 1:
        for source_id in source_ids:
            yield refresh_source(source_id)
        return

    def run(source_id: int) -> FetchLog | None:
        try:
            return refresh_source(source_id)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run, source_id) for source_id in source_ids]
        for future in as_completed(futures):
            yield future.result()


def understand_pending(enrich_limit: int | None = None) -> tuple[int, int]:
    """What follows ingest, in large batches: enrich the articles that arrived, then give
    each its story. Returns (articles enriched, articles grouped into stories)."""
    enriched = sum(progress(enrich_pending(enrich_limit), desc="enriching", unit="batch"))
    grouped = sum(progress(cluster_pending(), desc="grouping stories", unit="batch"))
    return enriched, grouped
