"""How long the reader APIs (Google Reader, Fever, Miniflux) take to answer one reader
whose followed sources hold many articles.

    python bench/reader_api.py [--articles 100000] [--sources 50] [--followed 20] [--rounds 20]

Runs in a throw-away TIDINGS_HOME (SQLite) unless DATABASE_URL is set. Makes the sources
and articles with bulk inserts; the reader follows ``--followed`` of the sources and has
read a tenth of their articles. Each request is made ``--rounds`` times in process through
Django's test client (no network), after one untimed warm-up. Prints p50, p95 and p99 in
milliseconds per request as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import percentiles  # noqa: E402

BATCH = 5000


def make_articles(count: int, sources: list) -> None:
    from django.utils import timezone

    from tidings.articles.models import Article

    now = timezone.now()
    batch = []
    for number in range(count):
        source = sources[number % len(sources)]
        moment = now - timedelta(seconds=count - number)
        url = f"https://outlet{source.id}.example/news/{number}"
        batch.append(
            Article(
                source=source,
                guid=url,
                url=url,
                canonical_url=url,
                title=f"Headline {number}",
                summary=f"What happened in story {number}, in a sentence or two.",
                published_at=moment,
                created_at=moment,
                entry_fingerprint=f"entry-{number}",
                content_hash=f"content-{number}",
            )
        )
        if len(batch) == BATCH:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def timed(client, rounds: int, method: str, path: str, data, headers: dict) -> list[float]:
    def call():
        if method == "put":
            body = json.dumps(data)
            return client.put(path, body, content_type="application/json", headers=headers)
        return getattr(client, method)(path, data, headers=headers)

    response = call()
    assert response.status_code in {200, 204}, (path, response.status_code, response.content[:200])
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--followed", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()

    os.environ.setdefault("TIDINGS_HOME", tempfile.mkdtemp(prefix="tidings-bench-"))
    os.environ["TIDINGS_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    import django

    django.setup()
    import base64
    import hashlib

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tidings.comments.accounts import create_account
    from tidings.readers import services
    from tidings.readers.app_passwords import create_app_password, sign_in_quickly, token_for
    from tidings.sources.models import Source

    call_command("migrate", interactive=False, verbosity=0)
    sources = [
        Source.objects.create(url=f"https://outlet{n}.example/feed.xml", name=f"Outlet {n}")
        for n in range(options.sources)
    ]
    started = time.perf_counter()
    make_articles(options.articles, sources)
    made_in = time.perf_counter() - started
    reader = create_account(
        username="bench",
        display_name="Bench",
        email="bench@example.org",
        password_hash=make_password(None),
    )
    password = create_app_password(reader, "bench")
    for source in sources[: options.followed]:
        services.follow(reader, source)
    followed = services.reading_list(reader)
    services.mark_read(reader, list(followed.order_by("id").values_list("id", flat=True)[::10]))
    with connection.cursor() as cursor:
        # Fresh statistics, as a database that filled up over time has them.
        cursor.execute("ANALYZE")

    client = Client()
    google = {"Authorization": f"GoogleLogin auth={token_for(sign_in_quickly('bench', password))}"}
    basic = base64.b64encode(f"bench:{password}".encode()).decode()
    miniflux = {"Authorization": f"Basic {basic}"}
    fever_key = hashlib.md5(f"bench:{password}".encode()).hexdigest()
    api = "/api/greader/reader/api/0/"
    reading_list = "user/-/state/com.google/reading-list"
    read = "user/-/state/com.google/read"
    feed = f"feed/{sources[0].id}"
    requests = {
        "greader unread-count": ("get", api + "unread-count", None, google),
        "greader items/ids n=1000 unread": (
            "get",
            api + "stream/items/ids",
            {"s": reading_list, "xt": read, "n": 1000},
            google,
        ),
        "greader stream/contents n=50": (
            "get",
            api + "stream/contents/" + reading_list,
            {"n": 50},
            google,
        ),
        "greader atom feed n=50": ("get", "/api/greader/reader/atom/" + feed, {"n": 50}, google),
        "fever unread_item_ids": (
            "post",
            "/api/fever/?api&unread_item_ids",
            {"api_key": fever_key},
            {},
        ),
        "fever items max_id=0": (
            "post",
            "/api/fever/?api&items&max_id=0",
            {"api_key": fever_key},
            {},
        ),
        "miniflux entries unread limit=100": (
            "get",
            "/api/miniflux/v1/entries",
            {"status": "unread", "limit": 100, "direction": "desc"},
            miniflux,
        ),
        "miniflux counters": ("get", "/api/miniflux/v1/feeds/counters", None, miniflux),
    }
    results = {
        name: percentiles(timed(client, options.rounds, method, path, data, headers))
        for name, (method, path, data, headers) in requests.items()
    }
    started = time.perf_counter()
    marked = services.mark_all_read(reader, services.reading_list(reader))
    results["mark_all_read whole reading list"] = {
        "articles": marked,
        "seconds": round(time.perf_counter() - started, 2),
    }
    print(
        json.dumps(
            {
                "database": django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "articles": options.articles,
                "in reading list": followed.count(),
                "articles made in s": round(made_in, 1),
                "load average": os.getloadavg()[0],
                "requests": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
