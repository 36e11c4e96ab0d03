"""Health probes: ``/healthz`` says the process lives, ``/readyz`` that it can serve.

Both list the parts tidings relies on: the database, the task queue, the vector index of
related articles, and Redis when it is configured for the rate limits. ``/healthz``
answers 503 only when the database fails, since nothing works without it; a missing
queue, index or Redis leaves it 200, as a restart would not bring them back (pages still
show, without related articles where the index fails; rate limits count in the
database). ``/readyz`` answers 503 as soon as any part fails, so that a load balancer
sends traffic elsewhere meanwhile.

Errors are named by kind only: the probes are public, and a message could name
internal addresses.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from huey import Huey
from huey.contrib.djhuey import HUEY

from tidings.comments.ratelimit import redis_store
from tidings.web import queries
from tidings.web.site_status import vector_index_state

OK = "ok"


def queue_error(queue: Huey) -> str | None:
    try:
        queue.storage.queue_size()
    except Exception as error:  # any failure of the storage means no queue
        return f"unreachable ({type(error).__name__})"
    return None


def redis_error(url: str) -> str | None:
    try:
        redis_store(url).client.ping()
    except Exception as error:  # as above: any failure means no Redis
        return f"unreachable ({type(error).__name__})"
    return None


def parts() -> dict[str, str]:
    """Each part's state: "ok", or what is wrong with it."""
    found = {
        "database": queries.database_error() or OK,
        "queue": queue_error(HUEY) or OK,
        "vector_index": vector_index_state()[1],
    }
    if url := settings.TIDINGS["RATE_LIMIT_REDIS_URL"]:
        found["redis"] = redis_error(url) or OK
    return found


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    found = parts()
    if found["database"] != OK:
        return JsonResponse({"status": "error", **found}, status=503)
    status = OK if set(found.values()) == {OK} else "degraded"
    return JsonResponse({"status": status, **found})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    found = parts()
    if set(found.values()) == {OK}:
        return JsonResponse({"status": OK, **found})
    return JsonResponse({"status": "error", **found}, status=503)
