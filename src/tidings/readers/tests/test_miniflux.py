"""The Miniflux API's reading endpoints, as apps call them."""

import base64
import json

import pytest

from tidings.readers import services
from tidings.readers.app_passwords import create_app_password

MINIFLUX = "/api/miniflux/v1/"


@pytest.fixture
def miniflux(client, make_reader):
    reader = make_reader(username="lee")
    password = create_app_password(reader, "app")
    credentials = base64.b64encode(f"lee:{password}".encode()).decode()
    headers = {"Authorization": f"Basic {credentials}"}

    def call(method: str, endpoint: str, data=None):
        if method == "get":
            return client.get(MINIFLUX + endpoint, data, headers=headers)
        return client.put(
            MINIFLUX + endpoint, json.dumps(data), content_type="application/json", headers=headers
        )

    call.reader = reader
    return call


@pytest.fixture
def followed(miniflux, make_source, make_article):
    source = make_source(name="Outlet")
    articles = [make_article(source, summary=f"Text {n}.") for n in range(3)]
    services.follow(miniflux.reader, source)
    return source, articles


def test_without_good_credentials_the_answer_is_401(client, make_reader):
    make_reader(username="lee", password="login-secret-123456")
    login = base64.b64encode(b"lee:login-secret-123456").decode()
    for headers in ({}, {"Authorization": f"Basic {login}"}, {"Authorization": "Basic !!"}):
        answer = client.get(MINIFLUX + "me", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["error_message"]


def test_me_categories_and_feeds(miniflux, followed):
    source, _ = followed
    assert miniflux("get", "me").json()["username"] == "lee"
    assert miniflux("get", "categories").json() == [
        {"id": 1, "title": "Followed sources", "user_id": miniflux.reader.id}
    ]
    feeds = miniflux("get", "feeds").json()
    assert [(f["id"], f["title"], f["feed_url"], f["category"]["id"]) for f in feeds] == [
        (source.id, "Outlet", source.url, 1)
    ]


def test_entries_filtered_ordered_and_paged(miniflux, followed):
    source, articles = followed
    services.mark_read(miniflux.reader, [articles[0].id])
    unread = miniflux("get", "entries", {"status": "unread", "order": "id", "direction": "desc"})
    assert unread.json()["total"] == 2
    assert [e["id"] for e in unread.json()["entries"]] == [articles[2].id, articles[1].id]
    page = miniflux("get", f"feeds/{source.id}/entries", {"order": "id", "limit": 1, "offset": 1})
    entry = page.json()["entries"][0]
    assert (entry["id"], entry["status"], entry["feed_id"]) == (articles[1].id, "unread", source.id)
    assert "Text 1." in entry["content"]
    read = miniflux("get", "entries", {"status": "read"}).json()["entries"]
    assert [e["id"] for e in read] == [articles[0].id]


def test_put_entries_sets_status_and_bookmark_toggles_the_star(miniflux, followed):
    source, articles = followed
    ids = [article.id for article in articles]
    answer = miniflux("put", "entries", {"entry_ids": ids[:2], "status": "read"})
    assert answer.status_code == 204
    assert miniflux("get", "feeds/counters").json() == {
        "reads": {str(source.id): 2},
        "unreads": {str(source.id): 1},
    }
    assert miniflux("put", f"entries/{ids[2]}/bookmark").status_code == 204
    starred = miniflux("get", "entries", {"starred": "true"}).json()["entries"]
    assert [(e["id"], e["starred"]) for e in starred] == [(ids[2], True)]
    miniflux("put", f"entries/{ids[2]}/bookmark")
    assert miniflux("get", "entries", {"starred": "true"}).json()["total"] == 0
    assert miniflux("put", f"feeds/{source.id}/mark-all-as-read").status_code == 204
    assert services.unread_counts(miniflux.reader) == {}


@pytest.mark.parametrize(
    ("method", "endpoint", "data", "status"),
    [
        ("put", "entries", {"entry_ids": ["x"], "status": "read"}, 400),
        ("put", "entries", {"entry_ids": [1], "status": "removed"}, 400),
        ("put", "entries", None, 400),
        ("get", "entries", {"status": "removed"}, 400),
        ("get", "entries", {"order": "title"}, 400),
        ("get", "entries", {"limit": "many"}, 400),
        ("get", "feeds/999999/entries", None, 404),
        ("put", "entries/999999/bookmark", None, 404),
        ("put", "me", None, 405),
    ],
)
def test_bad_requests_answer_in_words(miniflux, followed, method, endpoint, data, status):
    answer = miniflux(method, endpoint, data)
    assert answer.status_code == status
    assert answer.json()["error_message"]
