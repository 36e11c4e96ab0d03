"""Stored results for readers: the AI panel's story results are computed in the background
when a story changes, so that a reader's request finds them stored.

A story has changed when an article joined it (clustering sets ``Story.updated_at``) or
one of its articles was edited (``Article.modified_at``) after its oldest stored result,
or when a result is missing. Only stories with news in the last ``RECENT`` are kept
ready; an older one is computed when someone asks. ``services.stored`` decides by the
story's version whether a result really is out of date, so a story whose timestamps moved
without its content changing costs one query per action.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from tidings.ai import services
from tidings.ai.models import AiResult
from tidings.enrich.leases import lease
from tidings.stories.models import Story

log = logging.getLogger(__name__)

RECENT = timedelta(days=2)
PER_RUN = 200
ACTIONS = (
    services.summary,
    services.five_w,
    services.timeline,
    services.coverage,
    services.story_changes,
)
LEASE = "ai-results"
# Answers to readers' questions are stored when asked, never ahead.
ACTION_RESULTS = ~Q(ai_results__kind=AiResult.Kind.ANSWER)


def changed_story_ids(limit: int = PER_RUN) -> list[int]:
    """Recent stories whose stored results may be out of date, newest news first."""
    return list(
        Story.objects.filter(
            merged_into__isnull=True,
            last_published__gte=timezone.now() - RECENT,
            article_count__gt=0,
        )
        .annotate(
            results=Count("ai_results", distinct=True, filter=ACTION_RESULTS),
            oldest=Min("ai_results__created_at", filter=ACTION_RESULTS),
            edited=Max("articles__modified_at"),
        )
        .filter(
            Q(results__lt=len(ACTIONS)) | Q(updated_at__gt=F("oldest")) | Q(edited__gt=F("oldest"))
        )
        .order_by("-last_published", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def store_changed_stories(limit: int = PER_RUN) -> int:
    """Compute and store every action's result for the changed stories; one process at a
    time (the others return at once). Returns the stories done."""
    with lease(LEASE) as held:
        if held is None:
            return 0
        done = 0
        for story in Story.objects.filter(pk__in=changed_story_ids(limit)):
            subject = services.Subject(story)
            for action in ACTIONS:
                action(subject)
            done += 1
            if not held.renew():
                log.warning("the AI results lease ran out and another process took it")
                break
        return done
