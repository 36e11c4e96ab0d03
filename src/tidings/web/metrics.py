"""``/metrics`` in Prometheus' text format, and the middleware that counts requests.

Two kinds of figures, kept right across many processes in two ways:

- The state of the site (queue depth and age, sources, fetches by outcome, articles per
  stage, clustering lag, the vector index) is read from the database and the queue when
  Prometheus asks (``site_status``). Every process shares them, so any web process answers
  for all, and nothing is counted twice or lost when a worker dies.
- Requests and their latency exist only in the process that served them. With several
  web processes (gunicorn's workers), prometheus-client's multiprocess mode keeps each
  process's counts in a file of ``PROMETHEUS_MULTIPROC_DIR`` and adds them up at a
  scrape; `tidings run` sets that folder up, a hand-made deployment sets it itself
  (docs/deploy.md). Without it, counts are of the one process that answers.

Who may read it: this machine (127.0.0.1, not through a proxy that is not trusted), or
anyone sending ``Authorization: Bearer`` with ``TIDINGS_METRICS_TOKEN``.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from tidings.comments.ratelimit import client_address
from tidings.logs import serving
from tidings.web.site_status import OK, SiteStatus, read_status

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
UNRESOLVED = "unresolved"  # requests no view answered: 404s of unknown addresses
STATIC = "static"
request_log = logging.getLogger("tidings.request")

# The per-process request counts; in multiprocess mode their values live in files.
REQUESTS = CollectorRegistry()
REQUEST_COUNT = Counter(
    "tidings_http_requests",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
    registry=REQUESTS,
)
REQUEST_SECONDS = Histogram(
    "tidings_http_request_duration_seconds",
    "Seconds from a request's arrival to its answer, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REQUESTS,
)


class RequestMetricsMiddleware:
    """Counts and times every request by its view's name; with ``TIDINGS_LOG_FORMAT=json``
    also logs one line per request (gunicorn's access log is then off)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.log_requests = settings.TIDINGS["LOG_FORMAT"] == "json"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        noted = serving.set({"method": request.method, "path": request.path})
        try:
            response = self.get_response(request)
        finally:
            serving.reset(noted)
        seconds = time.perf_counter() - started
        view = view_name(request)
        REQUEST_COUNT.labels(view, request.method, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(view).observe(seconds)
        if self.log_requests:
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request": request,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "view": view,
                },
            )
        return response


def view_name(request: HttpRequest) -> str:
    """The name of the view the request is for. A middleware may answer before Django
    chooses the view (whitenoise for static files, a page cache): the address says then."""
    match = request.resolver_match
    if match is None:
        if request.path.startswith(settings.STATIC_URL):
            return STATIC
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return UNRESOLVED
    return match.view_name or UNRESOLVED


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    refusal = refused(request)
    if refusal is not None:
        return refusal
    return HttpResponse(exposition(), content_type=CONTENT_TYPE)


def refused(request: HttpRequest) -> HttpResponse | None:
    token = settings.TIDINGS["METRICS_TOKEN"]
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return None
    if from_this_machine(request):
        return None
    if token:
        answer = HttpResponse("A bearer token is needed.\n", status=401)
        answer["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return answer
    return HttpResponse("Only this machine may read the metrics.\n", status=403)


def from_this_machine(request: HttpRequest) -> bool:
    """The client is this machine. A request that came through a proxy tidings does not
    trust (X-Forwarded-For with TIDINGS_TRUSTED_PROXIES=0) is not: the proxy's own
    connection comes from this machine whoever sent the request."""
    proxies = settings.TIDINGS["TRUSTED_PROXIES"]
    if not proxies and "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        return ipaddress.ip_address(client_address(request.META, proxies)).is_loopback
    except ValueError:
        return False


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        MultiProcessCollector(requests)
    else:
        requests = REQUESTS
    site = CollectorRegistry()
    site.register(SiteCollector())
    return generate_latest(requests) + generate_latest(site)


class SiteCollector:
    """The site's state as gauges, read at each scrape."""

    def collect(self):
        status = read_status()
        yield from status_gauges(status)


def status_gauges(status: SiteStatus):
    def gauge(name: str, text: str, value: float | None, **labels: str) -> GaugeMetricFamily:
        family = GaugeMetricFamily(name, text, labels=list(labels))
        if value is not None:
            family.add_metric(list(labels.values()), value)
        return family

    for part in ("database", "queue", "vector_index"):
        up = getattr(status, part) == OK
        yield gauge(f"tidings_{part}_up", f"1 when the {part} answers, else 0.", float(up))
    yield gauge("tidings_queue_depth", "Tasks waiting in the queue.", status.queue_depth)
    yield gauge(
        "tidings_queue_oldest_task_age_seconds",
        "Seconds the next task to run has waited (absent when the queue is empty).",
        status.queue_oldest_seconds,
    )
    yield gauge(
        "tidings_vector_index_size", "Articles in the vector index.", status.vector_index_size
    )
    sources = GaugeMetricFamily("tidings_sources", "Active sources, by state.", labels=["state"])
    sources.add_metric(["active"], status.sources_active)
    sources.add_metric(["due"], status.sources_due)
    sources.add_metric(["failing"], status.sources_failing)
    yield sources
    fetches = GaugeMetricFamily(
        "tidings_fetches_last_hour",
        "Feed fetches that started in the last hour, by outcome (ok or the error code).",
        labels=["outcome"],
    )
    for outcome, count in sorted(status.fetches_last_hour.items()):
        fetches.add_metric([outcome], count)
    yield fetches
    yield gauge("tidings_articles_stored", "Articles stored.", status.articles_stored)
    yield gauge(
        "tidings_articles_in_stories", "Articles grouped into a story.", status.articles_in_stories
    )
    waiting = GaugeMetricFamily(
        "tidings_articles_waiting",
        "Stored articles a stage has still to process, by stage.",
        labels=["stage"],
    )
    for stage, count in status.articles_waiting.items():
        waiting.add_metric([stage], count)
    yield waiting
    yield gauge(
        "tidings_articles_given_up",
        "Articles enrichment failed on too often; `tidings reprocess` runs them again.",
        status.articles_given_up,
    )
    yield gauge(
        "tidings_clustering_lag_seconds",
        "Age of the oldest enriched article not yet in a story (absent when none waits).",
        status.clustering_lag_seconds,
    )
    yield gauge(
        "tidings_status_read_seconds", "Seconds this scrape took to count.", status.read_seconds
    )
