"""Background work: thin Huey tasks that take ids and call the pipeline."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tidings.sources.models import Source

# A queued source not taken by a worker within this long is queued again by the schedule.
QUEUED_FOR = timedelta(minutes=16)


@db_task()
def refresh_source_task(source_id: int) -> None:
    # The pipeline loads the extractor and the models: imported where a worker runs it,
    # not by every process that sets Django up (this module is imported then, for Huey).
    from tidings.pipeline import refresh_source

    refresh_source(source_id)


@db_periodic_task(crontab(minute="*"))
def enqueue_due_sources() -> int:
    """Queue every source whose time has come, once: pushing next_fetch_at forward keeps
    the next tick from queueing it again while it waits for a worker."""
    from tidings.sources.services import due_source_ids

    due = due_source_ids()
    Source.objects.filter(pk__in=due).update(next_fetch_at=timezone.now() + QUEUED_FOR)
    for source_id in due:
        refresh_source_task(source_id)
    return len(due)


@db_periodic_task(crontab(minute="*"))
def enrich_pending_articles() -> int:
    """Enrich what arrived since the last tick, in large batches, and group it into
    stories. Each holds a lease that expires (enrichment's, clustering's claim), so two
    workers never do the same articles twice and a killed worker blocks nothing for long."""
    from tidings.pipeline import understand_pending

    enriched, _ = understand_pending(enrich_limit=ENRICH_PER_TICK)
    return enriched


@db_periodic_task(crontab(minute="*"))
def make_pictures() -> int:
    """Download and resize the lead images of the articles stored since the last tick."""
    from tidings.articles.images import make_pending_pictures

    return make_pending_pictures()


ENRICH_PER_TICK = 2000


@db_periodic_task(crontab(minute="*"))
def store_ai_results() -> int:
    """Compute the AI panel's results of the stories that changed since theirs were
    stored, so that readers get them stored."""
    from tidings.ai.precompute import store_changed_stories

    return store_changed_stories()
