"""The Fever API as its published description has clients use it."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.readers import services
from tidings.readers.app_passwords import create_app_password

FEVER = "/api/fever/"


@pytest.fixture
def fever(client, make_reader):
    reader = make_reader(username="kim")
    key = hashlib.md5(f"kim:{create_app_password(reader, 'reeder')}".encode()).hexdigest()

    def ask(query: str = "", **form):
        return client.post(f"{FEVER}?api{'&' + query if query else ''}", {"api_key": key, **form})

    ask.reader = reader
    return ask


@pytest.fixture
def followed(fever, make_source, make_article):
    source = make_source(name="Outlet")
    now = timezone.now()
    articles = [make_article(source, created_at=now - timedelta(minutes=9 - n)) for n in range(3)]
    services.follow(fever.reader, source)
    return source, articles


def test_a_good_key_authenticates_and_a_bad_one_does_not(fever, client):
    body = fever().json()
    assert (body["api_version"], body["auth"]) == (3, 1)
    assert "last_refreshed_on_time" in body
    assert client.post(FEVER + "?api", {"api_key": "0" * 32}).json() == {
        "api_version": 3,
        "auth": 0,
    }
    assert client.post(FEVER + "?api").json()["auth"] == 0


def test_without_api_the_answer_says_where_to_ask(fever, client):
    assert client.post(FEVER, {"api_key": "x"}).status_code == 400


def test_groups_and_feeds_are_the_followed_sources(fever, followed, make_source):
    source, _ = followed
    make_source(name="Not followed")
    groups = fever("groups").json()
    assert groups["groups"] == [{"id": 1, "title": "Followed sources"}]
    assert groups["feeds_groups"] == [{"group_id": 1, "feed_ids": str(source.id)}]
    feeds = fever("feeds").json()["feeds"]
    assert [(feed["id"], feed["title"], feed["url"], feed["is_spark"]) for feed in feeds] == [
        (source.id, "Outlet", source.url, 0)
    ]


def test_items_page_by_since_id_max_id_and_with_ids(fever, followed):
    _, articles = followed
    ids = [article.id for article in articles]
    every = fever("items").json()
    assert [item["id"] for item in every["items"]] == ids
    assert every["total_items"] == 3
    assert [i["id"] for i in fever(f"items&since_id={ids[0]}").json()["items"]] == ids[1:]
    assert [i["id"] for i in fever("items&max_id=0").json()["items"]] == ids[::-1]
    assert [i["id"] for i in fever(f"items&max_id={ids[2]}").json()["items"]] == ids[1::-1]
    chosen = fever(f"items&with_ids={ids[2]},{ids[0]}").json()["items"]
    assert [item["id"] for item in chosen] == [ids[0], ids[2]]
    item = chosen[0]
    assert set(item) == {
        "id",
        "feed_id",
        "title",
        "author",
        "html",
        "url",
        "is_saved",
        "is_read",
        "created_on_time",
    }
    assert (item["is_read"], item["is_saved"]) == (0, 0)


def test_marking_items_read_and_saved(fever, followed):
    _, articles = followed
    ids = [article.id for article in articles]
    answer = fever(mark="item", **{"as": "read"}, id=str(ids[0])).json()
    assert answer["unread_item_ids"] == f"{ids[1]},{ids[2]}"
    fever(mark="item", **{"as": "saved"}, id=str(ids[1]))
    fever(mark="item", **{"as": "saved"}, id=str(ids[1]))  # saving twice keeps it saved
    assert fever("saved_item_ids").json()["saved_item_ids"] == str(ids[1])
    fever(mark="item", **{"as": "unread"}, id=str(ids[0]))
    assert fever("unread_item_ids").json()["unread_item_ids"] == ",".join(map(str, ids))
    fever(mark="item", **{"as": "unsaved"}, id=str(ids[1]))
    assert fever("saved_item_ids").json()["saved_item_ids"] == ""
    marked = fever(f"items&with_ids={ids[0]}").json()["items"][0]
    assert (marked["is_read"], marked["is_saved"]) == (0, 0)


def test_marking_a_feed_read_before_a_time_leaves_what_arrived_after(fever, followed):
    source, articles = followed
    before = int(articles[2].created_at.timestamp())
    answer = fever(mark="feed", **{"as": "read"}, id=str(source.id), before=str(before))
    assert answer.json()["unread_item_ids"] == str(articles[2].id)
    fever(mark="group", **{"as": "read"}, id="0")
    assert fever("unread_item_ids").json()["unread_item_ids"] == ""


@pytest.mark.parametrize(
    "form",
    [
        {"mark": "item", "as": "hidden", "id": "1"},
        {"mark": "item", "as": "read", "id": "one"},
        {"mark": "feed", "as": "unread", "id": "1"},
        {"mark": "group", "as": "read", "id": "7"},
        {"mark": "shelf", "as": "read", "id": "1"},
    ],
)
def test_bad_marks_answer_400_in_words(fever, followed, form):
    answer = fever(**form)
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert fever("unread_item_ids").json()["unread_item_ids"].count(",") == 2


def test_bad_item_queries_answer_400(fever, followed):
    assert fever("items&since_id=x").status_code == 400
    assert fever("items&with_ids=1,a").status_code == 400
    assert fever("items&with_ids=" + ",".join(["1"] * 51)).status_code == 400


def test_several_questions_at_once(fever, followed):
    body = fever("feeds&groups&unread_item_ids&favicons&links").json()
    assert {"feeds", "groups", "feeds_groups", "unread_item_ids", "favicons", "links"} <= set(body)
