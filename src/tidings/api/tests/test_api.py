from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tidings.api import cursors

NOON = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def walk(client, url: str) -> tuple[list[dict], int]:
    """Every item of a list endpoint, following ``next``; and how many pages it took."""
    items, pages, cursor = [], 0, None
    while True:
        joiner = "&" if "?" in url else "?"
        response = client.get(url + (f"{joiner}cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return items, pages


def test_sources_list_pages_through_every_source_once(client, make_source):
    made = [make_source(name=f"Outlet {n}") for n in range(7)]

    items, pages = walk(client, "/api/v1/sources?limit=3")

    assert [item["id"] for item in items] == [source.id for source in made]
    assert pages == 3


def test_source_item_carries_its_last_fetch(client, make_source):
    fetched_at = timezone.now().replace(microsecond=0)
    make_source(
        name="Broken Gazette",
        url="https://gazette.example/feed.xml",
        site_url="https://gazette.example/",
        last_fetched_at=fetched_at,
        last_status=404,
        error_count=1,
        last_error_code="http_404",
        last_error="The feed answered 404 Not Found.",
    )
    make_source(name="Brand New", active=False)

    items = client.get("/api/v1/sources").json()["items"]

    assert items[0] == {
        "id": items[0]["id"],
        "name": "Broken Gazette",
        "url": "https://gazette.example/feed.xml",
        "site_url": "https://gazette.example/",
        "active": True,
        "last_fetch": {
            "status": 404,
            "at": fetched_at.isoformat().replace("+00:00", "Z"),
            "error_code": "http_404",
            # The words are for staff (test_api_edges.py); the code is for everyone.
            "error": "The last fetch failed; the error code says how.",
        },
    }
    assert (items[1]["active"], items[1]["last_fetch"]) == (False, None)


def test_articles_list_walks_newest_first_across_pages_without_repeats(client, make_article):
    # Two articles share each timestamp, so the id must break ties for the cursor to hold.
    made = [make_article(published_at=NOON - timedelta(hours=n // 2)) for n in range(11)]
    expected = sorted(made, key=lambda article: (article.published_at, article.id), reverse=True)

    items, pages = walk(client, "/api/v1/articles?limit=4")

    assert [item["id"] for item in items] == [article.id for article in expected]
    assert pages == 3


def test_articles_default_limit_is_fifty(client, make_article, make_source):
    source = make_source()
    for n in range(51):
        make_article(source=source, published_at=NOON - timedelta(minutes=n))

    body = client.get("/api/v1/articles").json()

    assert len(body["items"]) == 50
    assert body["next"]


def test_articles_filter_by_source_and_publication_time(client, make_source, make_article):
    nhk, times = make_source(name="NHK"), make_source(name="Japan Times")
    old = make_article(source=nhk, published_at=NOON - timedelta(days=2))
    recent = make_article(source=nhk, published_at=NOON)
    make_article(source=times, published_at=NOON)

    by_source = client.get(f"/api/v1/articles?source={nhk.id}").json()["items"]
    since = client.get(
        "/api/v1/articles", {"source": nhk.id, "since": "2025-06-09T12:00:00+00:00"}
    ).json()["items"]
    naive_since = client.get(
        "/api/v1/articles", {"since": "2025-06-10T12:00:00", "source": nhk.id}
    ).json()["items"]

    assert [item["id"] for item in by_source] == [recent.id, old.id]
    assert [item["id"] for item in since] == [recent.id]
    assert [item["id"] for item in naive_since] == [recent.id]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!",
        "eyJ4Ijox",  # base64 of broken JSON
        cursors.encode_source_key(5),  # a cursor for the other list
        cursors.encode("articles", "yesterday", 3),
        cursors.encode("articles", "2025-06-10T12:00:00", 3),  # no time zone
    ],
)
def test_bad_article_cursor_is_400_in_words(client, db, cursor):
    response = client.get("/api/v1/articles", {"cursor": cursor})

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("The cursor ")
    assert "`next`" in detail


def test_bad_source_cursor_is_400(client, db):
    response = client.get("/api/v1/sources", {"cursor": cursors.encode("sources", "5")})

    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize(
    ("limit", "words"),
    [("0", "greater than or equal to 1"), ("501", "less than or equal to 500"), ("ten", "integer")],
)
@pytest.mark.parametrize("endpoint", ["/api/v1/articles", "/api/v1/sources"])
def test_limit_out_of_range_is_422_in_words(client, db, endpoint, limit, words):
    response = client.get(endpoint, {"limit": limit})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "limit"]
    assert words in error["msg"]


def test_limit_of_500_is_allowed(client, db):
    assert client.get("/api/v1/articles", {"limit": 500}).status_code == 200


def test_bad_since_is_422_in_words(client, db):
    response = client.get("/api/v1/articles", {"since": "last tuesday"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "since"]
    assert "datetime" in error["msg"]


def test_article_detail_has_our_urls_text_image_and_hashtags(
    client, settings, make_source, make_article, make_hashtag
):
    settings.BASE_URL = "https://news.example.org"
    source = make_source(name="Japan Times")
    article = make_article(
        source=source,
        url="https://www.japantimes.co.jp/news/pow-swap/?utm_source=rss",
        canonical_url="https://www.japantimes.co.jp/news/pow-swap/",
        title="Russia and Ukraine exchange prisoners of war",
        language="en",
        published_at=NOON,
        text="First paragraph.\n\nSecond paragraph.",
        text_origin="page",
        image="images/2025/06/pow.jpg",
        image_url="https://cdn.japantimes.example/pow.jpg",
        image_caption="People hold up photographs.",
        image_credit="AFP-JIJI",
    )
    make_hashtag("prisoners of war", articles=[article], kind="event")

    response = client.get(f"/api/v1/articles/{article.id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": article.id,
        "url": "https://www.japantimes.co.jp/news/pow-swap/?utm_source=rss",
        "canonical_url": "https://www.japantimes.co.jp/news/pow-swap/",
        "title": "Russia and Ukraine exchange prisoners of war",
        "source": {"id": source.id, "name": "Japan Times"},
        "published_at": "2025-06-10T12:00:00Z",
        "updated_at": None,
        "language": "en",
        "has_full_text": True,
        "page_url": f"https://news.example.org/articles/{article.id}/",
        "author": "",
        "text_origin": "page",
        "summary": "",
        "text": "First paragraph.\n\nSecond paragraph.",
        "image": {
            "url": "https://news.example.org/media/images/2025/06/pow.jpg",
            "caption": "People hold up photographs.",
            "credit": "AFP-JIJI",
        },
        "hashtags": [
            {
                "tag": "#PrisonersOfWar",
                "label": "prisoners of war",
                "kind": "event",
                "url": "https://news.example.org/hashtags/prisoners-of-war/",
            }
        ],
    }


def test_article_without_a_downloaded_image_never_points_at_the_publishers(client, make_article):
    article = make_article(
        image_url="https://cdn.publisher.example/lead.jpg", image_caption="Rescuers."
    )

    image = client.get(f"/api/v1/articles/{article.id}").json()["image"]

    assert image == {"url": None, "caption": "Rescuers.", "credit": ""}


def test_missing_article_is_404_json(client, db):
    response = client.get("/api/v1/articles/424242")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no article with id 424242."}


def test_openapi_document_describes_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == {
        "/api/v1/sources",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/articles/{article_id}/related",
        "/api/v1/articles/{article_id}/comments",
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/stories/{story_id}/comments",
        "/api/v1/stories/{story_id}/summary",
        "/api/v1/stories/{story_id}/five-w",
        "/api/v1/stories/{story_id}/timeline",
        "/api/v1/stories/{story_id}/coverage",
        "/api/v1/stories/{story_id}/ask",
        "/api/v1/wrap-up/{day}",
        "/api/v1/search",
    }


def test_docs_page_lists_endpoints_without_loading_anything(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "GET /api/v1/articles/{article_id}" in html
    assert "<script" not in html
    assert "cdn" not in html.lower()
