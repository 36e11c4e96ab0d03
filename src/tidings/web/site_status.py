"""The site's state in numbers, read when asked: what `/metrics` gives Prometheus and what
`tidings status` prints.

Every figure is counted at that moment from the database and the task queue, which all
processes share, so it is right however many web and worker processes run, on however
many machines: no process keeps a count that another would have to add to its own. Each
count is one indexed query (the incomplete analyses have a partial index, fetches are
counted over the last hour by their start time), cheap enough for a scrape a minute at a
million articles.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from tidings.articles.models import Article
from tidings.enrich.models import ArticleAnalysis
from tidings.enrich.stages import MAX_ATTEMPTS, STAGES
from tidings.sources.models import FetchLog, Source
from tidings.stories.assign import pending_rows
from tidings.stories.vectors import vector_index
from tidings.web import queries

OK = "ok"
FETCH_WINDOW = timedelta(hours=1)
FETCHED = "ok"  # the outcome of a fetch that did not fail; failures go by their error code


@dataclass
class SiteStatus:
    database: str = OK
    queue: str = OK
    queue_depth: int | None = None
    queue_oldest_seconds: float | None = None  # how long the next task has waited
    vector_index: str = OK
    vector_index_size: int | None = None
    sources_active: int = 0
    sources_due: int = 0  # active sources whose next fetch time has passed
    sources_failing: int = 0  # active sources whose last fetch failed
    fetches_last_hour: dict[str, int] = field(default_factory=dict)  # outcome -> fetches
    articles_stored: int = 0
    articles_in_stories: int = 0
    # Stage -> articles waiting for it: each enrichment stage, then "cluster".
    articles_waiting: dict[str, int] = field(default_factory=dict)
    # Articles enrichment took MAX_ATTEMPTS times without finishing: `tidings reprocess`.
    articles_given_up: int = 0
    clustering_lag_seconds: float | None = None  # the oldest enriched article not in a story
    read_seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def read_status(*, with_vector_index: bool = True) -> SiteStatus:
    """The state now. A part that fails is named in its field ("unreachable (...)"); when
    the database fails, its counts are left at zero, as nothing could be read."""
    started = time.perf_counter()
    status = SiteStatus()
    read_queue(status)
    if with_vector_index:
        status.vector_index_size, status.vector_index = vector_index_state()
    status.database = queries.database_error() or OK
    if status.database == OK:
        read_sources(status)
        read_articles(status)
    status.read_seconds = time.perf_counter() - started
    return status


def read_queue(status: SiteStatus) -> None:
    try:
        status.queue_depth = HUEY.storage.queue_size()
        status.queue_oldest_seconds = HUEY.oldest_task_age()
    except Exception as error:  # any failure of the storage means no queue
        status.queue = f"unreachable ({type(error).__name__})"


def vector_index_state() -> tuple[int | None, str]:
    """How many articles the vector index holds, and "ok" or what is wrong with it."""
    try:
        return vector_index().count(), OK
    except Exception as error:  # a damaged file, a database refusing: no index
        return None, f"unavailable ({type(error).__name__})"


def read_sources(status: SiteStatus) -> None:
    now = timezone.now()
    counts = Source.objects.filter(active=True).aggregate(
        active=Count("pk"),
        due=Count("pk", filter=Q(next_fetch_at__lte=now)),
        failing=Count("pk", filter=Q(error_count__gt=0)),
    )
    status.sources_active = counts["active"]
    status.sources_due = counts["due"]
    status.sources_failing = counts["failing"]
    outcomes = (
        FetchLog.objects.filter(started_at__gte=now - FETCH_WINDOW)
        .values_list("error_code")
        .annotate(fetches=Count("pk"))
        .order_by()
    )
    status.fetches_last_hour = {code or FETCHED: fetches for code, fetches in outcomes}


def read_articles(status: SiteStatus) -> None:
    """Counts by stage. An article with no analysis row has seen no enrichment stage; an
    unfinished one (its partial index) waits for the stages it lacks."""
    stored = Article.objects.count()
    unseen = stored - ArticleAnalysis.objects.count()
    unfinished = ArticleAnalysis.objects.filter(complete=False).aggregate(
        working=Count("pk", filter=Q(attempts__lt=MAX_ATTEMPTS)),
        given_up=Count("pk", filter=Q(attempts__gte=MAX_ATTEMPTS)),
        **{
            stage: Count("pk", filter=Q(attempts__lt=MAX_ATTEMPTS, stages__has_key=stage))
            for stage in STAGES
        },
    )
    status.articles_stored = stored
    status.articles_given_up = unfinished["given_up"]
    status.articles_waiting = {
        stage: unseen + unfinished["working"] - unfinished[stage] for stage in STAGES
    }
    clustering = pending_rows().aggregate(waiting=Count("pk"), oldest=Min("created_at"))
    status.articles_waiting["cluster"] = clustering["waiting"]
    if clustering["oldest"] is not None:
        lag = timezone.now() - clustering["oldest"]
        status.clustering_lag_seconds = max(0.0, lag.total_seconds())
    status.articles_in_stories = Article.objects.filter(story__isnull=False).count()
