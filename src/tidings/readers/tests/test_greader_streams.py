from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from tidings.readers import services
from tidings.readers.greader.ids import long_item_id

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


@pytest.fixture
def five(greader, make_source, make_article):
    """Five articles of a followed source, arrived a minute apart, newest last."""
    source = make_source(name="Outlet")
    now = timezone.now()
    articles = [
        make_article(source, created_at=now - timedelta(minutes=5 - n), summary=f"Text {n}.")
        for n in range(5)
    ]
    services.follow(greader.reader, source)
    return source, articles


def test_stream_contents_pages_newest_first_with_continuation(greader, five):
    source, articles = five
    first = greader.get(f"stream/contents/feed/{source.id}", {"n": 3}).json()
    assert [item["id"] for item in first["items"]] == [long_item_id(a.id) for a in articles[:1:-1]]
    rest = greader.get(f"stream/contents/feed/{source.id}", {"n": 3, "c": first["continuation"]})
    assert [item["id"] for item in rest.json()["items"]] == [
        long_item_id(a.id) for a in articles[1::-1]
    ]
    assert "continuation" not in rest.json()
    item = first["items"][0]
    assert item["origin"] == {
        "streamId": f"feed/{source.id}",
        "title": "Outlet",
        "htmlUrl": source.site_url,
    }
    assert item["alternate"][0]["href"] == articles[4].url
    assert "Text 4." in item["summary"]["content"]


def test_read_and_starred_filters(greader, five):
    _, articles = five
    services.mark_read(greader.reader, [articles[0].id, articles[1].id])
    services.star(greader.reader, [articles[1].id])
    unread = greader.get("stream/contents/" + READING_LIST, {"xt": READ}).json()["items"]
    assert len(unread) == 3
    starred = greader.get("stream/contents/" + STARRED).json()["items"]
    assert [item["id"] for item in starred] == [long_item_id(articles[1].id)]
    assert set(starred[0]["categories"]) == {READING_LIST, READ, STARRED}
    read_ids = greader.get("stream/items/ids", {"s": READING_LIST, "it": READ}).json()
    assert [ref["id"] for ref in read_ids["itemRefs"]] == [str(articles[1].id), str(articles[0].id)]


def test_item_ids_then_contents_as_clients_sync(greader, five):
    _, articles = five
    ids = greader.get("stream/items/ids", {"s": READING_LIST, "n": 2}).json()
    assert len(ids["itemRefs"]) == 2 and ids["continuation"]
    wanted = [ref["id"] for ref in ids["itemRefs"]] + [long_item_id(articles[0].id)]
    contents = greader.post("stream/items/contents", {"i": wanted}).json()
    assert [item["id"] for item in contents["items"]] == [
        long_item_id(articles[4].id),
        long_item_id(articles[3].id),
        long_item_id(articles[0].id),
    ]


def test_ot_keeps_what_arrived_since(greader, five):
    _, articles = five
    since = int(articles[3].created_at.timestamp())
    refs = greader.get("stream/items/ids", {"s": READING_LIST, "ot": since}).json()["itemRefs"]
    assert [ref["id"] for ref in refs] == [str(articles[4].id), str(articles[3].id)]


@pytest.mark.parametrize(
    ("endpoint", "data"),
    [
        ("stream/contents/user/-/label/Tech", {}),
        ("stream/contents/feed/999999", {}),
    ],
)
def test_unknown_streams_answer_not_found(greader, endpoint, data):
    assert greader.get(endpoint, data).status_code == 404


@pytest.mark.parametrize(
    "data", [{"n": "many"}, {"n": "0"}, {"c": "garbage"}, {"xt": "user/-/label/x"}, {"ot": "soon"}]
)
def test_bad_parameters_answer_bad_request_in_words(greader, data):
    answer = greader.get("stream/contents/" + READING_LIST, data)
    assert answer.status_code == 400
    assert answer.content.startswith(b"Bad Request: ")


def test_edit_tag_marks_read_and_starred_in_both_id_forms(greader, five):
    _, articles = five
    long_form, decimal = long_item_id(articles[0].id), str(articles[1].id)
    greader.post("edit-tag", {"i": [long_form, decimal], "a": READ})
    greader.post("edit-tag", {"i": decimal, "a": STARRED})
    assert services.unread_counts(greader.reader) == {articles[0].source_id: 3}
    # newsboat marks unread this way, with states this site has no use for.
    greader.post(
        "edit-tag",
        {
            "i": long_form,
            "r": READ,
            "a": [
                "user/-/state/com.google/kept-unread",
                "user/-/state/com.google/tracking-kept-unread",
            ],
        },
    )
    assert services.unread_counts(greader.reader) == {articles[0].source_id: 4}
    assert list(services.starred_articles(greader.reader)) == [articles[1]]


def test_edit_tag_refuses_labels_and_bad_ids_and_changes_nothing(greader, five):
    _, articles = five
    label = greader.post("edit-tag", {"i": str(articles[0].id), "a": [READ, "user/-/label/x"]})
    assert label.status_code == 400
    assert greader.post("edit-tag", {"i": "nonsense", "a": READ}).status_code == 400
    assert greader.post("edit-tag", {"a": READ}).status_code == 400
    assert services.unread_counts(greader.reader) == {articles[0].source_id: 5}


def test_mark_all_as_read_stops_at_ts(greader, five):
    source, articles = five
    seen = int(articles[2].created_at.timestamp() * 1_000_000)
    answer = greader.post("mark-all-as-read", {"s": f"feed/{source.id}", "ts": str(seen)})
    assert answer.content == b"OK"
    assert services.unread_counts(greader.reader) == {source.id: 2}
    greader.post("mark-all-as-read", {"s": READING_LIST})
    assert services.unread_counts(greader.reader) == {}


def test_atom_stream_carries_read_state_and_continuation(greader, five):
    source, articles = five
    services.mark_read(greader.reader, [articles[4].id])
    answer = greader.atom(f"feed/{source.id}", {"n": 2})
    assert answer["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(answer.content)
    assert not parsed.bozo
    assert parsed.feed.title == "Outlet"
    assert [entry.id for entry in parsed.entries] == [
        long_item_id(articles[4].id),
        long_item_id(articles[3].id),
    ]
    labels = [{tag.label for tag in entry.tags} for entry in parsed.entries]
    assert labels == [{"reading-list", "read"}, {"reading-list", "fresh"}]
    continuation = (
        ElementTree.fromstring(answer.content)
        .find("{http://www.google.com/schemas/reader/atom/}continuation")
        .text
    )
    unread = greader.atom(f"feed/{source.id}", {"n": 9, "xt": READ, "c": continuation})
    assert len(feedparser.parse(unread.content).entries) == 3


def test_atom_stream_needs_the_token(client, db):
    assert client.get("/api/greader/reader/atom/feed/1").status_code == 401
