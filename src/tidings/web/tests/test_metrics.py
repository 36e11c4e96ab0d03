"""/metrics: the site's state counted from the database at each scrape, requests by view,
and who may read it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from tidings.enrich.models import ArticleAnalysis
from tidings.enrich.stages import MAX_ATTEMPTS, STAGES
from tidings.sources.models import FetchLog
from tidings.web.metrics import view_name


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def analysed(article, stages, **fields):
    return ArticleAnalysis.objects.create(
        article=article,
        stages={stage: 1 for stage in stages},
        complete=set(stages) == set(STAGES),
        **fields,
    )


def test_metrics_count_articles_at_each_stage_and_the_clustering_lag(
    client, make_source, make_article, make_story
):
    source = make_source()
    make_article(source=source)  # stored, no stage has seen it
    halfway = make_article(source=source)
    analysed(halfway, STAGES[:2])
    stuck = make_article(source=source)
    analysed(stuck, STAGES[:1], attempts=MAX_ATTEMPTS)
    waiting = make_article(source=source, created_at=timezone.now() - timedelta(minutes=10))
    analysed(waiting, STAGES)
    clustered = make_article(source=source)
    analysed(clustered, STAGES)
    make_story(clustered)

    figures = scrape(client)

    assert figures[("tidings_articles_stored", ())] == 5
    assert figures[("tidings_articles_in_stories", ())] == 1
    assert figures[("tidings_articles_given_up", ())] == 1
    waiting_for = {
        dict(labels)["stage"]: value
        for (name, labels), value in figures.items()
        if name == "tidings_articles_waiting"
    }
    # The unseen article waits for every stage; the half-done one for all but its first two.
    assert waiting_for[STAGES[0]] == 1
    assert waiting_for[STAGES[2]] == 2
    assert waiting_for["cluster"] == 1
    assert 590 < figures[("tidings_clustering_lag_seconds", ())] < 900


def test_metrics_count_sources_and_the_last_hours_fetches_by_outcome(client, make_source):
    healthy = make_source(next_fetch_at=timezone.now() + timedelta(hours=1))
    failing = make_source(error_count=2, next_fetch_at=timezone.now() - timedelta(minutes=1))
    make_source(active=False, error_count=5)
    FetchLog.objects.create(source=healthy, status=200)
    FetchLog.objects.create(source=failing, status=404, error_code="http_404")
    FetchLog.objects.create(source=failing, status=404, error_code="http_404")
    FetchLog.objects.create(
        source=healthy, status=200, started_at=timezone.now() - timedelta(hours=2)
    )

    figures = scrape(client)

    assert figures[("tidings_sources", (("state", "active"),))] == 2
    assert figures[("tidings_sources", (("state", "due"),))] == 1
    assert figures[("tidings_sources", (("state", "failing"),))] == 1
    assert figures[("tidings_fetches_last_hour", (("outcome", "ok"),))] == 1
    assert figures[("tidings_fetches_last_hour", (("outcome", "http_404"),))] == 2
    assert figures[("tidings_database_up", ())] == 1
    assert figures[("tidings_queue_up", ())] == 1
    assert figures[("tidings_vector_index_up", ())] == 1
    assert figures[("tidings_queue_depth", ())] == 0


def test_requests_are_counted_and_timed_by_view(client, db):
    key = (
        "tidings_http_requests_total",
        (("method", "GET"), ("status", "200"), ("view", "web:healthz")),
    )
    before = scrape(client).get(key, 0)

    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page/")
    figures = scrape(client)

    assert figures[key] == before + 2
    unresolved = ("method", "GET"), ("status", "404"), ("view", "unresolved")
    assert figures[("tidings_http_requests_total", unresolved)] >= 1
    assert figures[("tidings_http_request_duration_seconds_count", (("view", "web:healthz"),))] >= 2


def test_a_request_answered_before_its_view_was_chosen_still_counts_by_its_view(rf):
    assert view_name(rf.get("/healthz")) == "web:healthz"
    assert view_name(rf.get("/static/web/site.css")) == "static"
    assert view_name(rf.get("/no-such-page/")) == "unresolved"


def test_other_machines_are_refused_without_a_token(client, db):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 403


def test_a_request_through_an_untrusted_proxy_is_not_this_machine(client, db):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert response.status_code == 403


def test_behind_a_trusted_proxy_the_client_it_names_decides(client, db, settings):
    settings.TIDINGS = {**settings.TIDINGS, "TRUSTED_PROXIES": 1}

    outside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    inside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")

    assert outside.status_code == 403
    assert inside.status_code == 200


@pytest.mark.parametrize(
    ("authorization", "status"),
    [(None, 401), ("Bearer wrong-token", 401), ("Bearer s3cret-metrics-token", 200)],
)
def test_a_token_opens_metrics_to_other_machines(client, db, settings, authorization, status):
    settings.TIDINGS = {**settings.TIDINGS, "METRICS_TOKEN": "s3cret-metrics-token"}
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", **headers)

    assert response.status_code == status
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")
