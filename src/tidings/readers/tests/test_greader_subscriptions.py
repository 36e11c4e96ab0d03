from tidings.readers import services


def test_subscriptions_are_the_followed_sources(greader, make_source):
    followed, _ = make_source(name="Followed"), make_source(name="Not followed")
    services.follow(greader.reader, followed)
    subscriptions = greader.get("subscription/list", {"output": "json"}).json()["subscriptions"]
    assert [(s["id"], s["title"], s["url"]) for s in subscriptions] == [
        (f"feed/{followed.id}", "Followed", followed.url)
    ]


def test_subscribe_follows_a_site_source_by_id_or_url(greader, make_source):
    first, second = make_source(), make_source()
    answer = greader.post("subscription/edit", {"ac": "subscribe", "s": f"feed/{first.id}"})
    assert answer.content == b"OK"
    greader.post("subscription/edit", {"ac": "subscribe", "s": f"feed/{second.url}", "t": "Mine"})
    assert set(services.followed_sources(greader.reader)) == {first, second}
    greader.post("subscription/edit", {"ac": "unsubscribe", "s": f"feed/{first.id}"})
    assert list(services.followed_sources(greader.reader)) == [second]


def test_a_feed_the_site_does_not_carry_is_refused(greader, make_source):
    make_source()
    answer = greader.post(
        "subscription/edit", {"ac": "subscribe", "s": "feed/https://new.example/rss"}
    )
    assert answer.status_code == 400
    assert b"does not carry feed/https://new.example/rss" in answer.content
    assert b"operator" in answer.content
    assert (
        greader.post("subscription/quickadd", {"quickadd": "https://new.example/rss"}).status_code
        == 400
    )
    assert not services.followed_sources(greader.reader).exists()


def test_quickadd_follows_a_site_source(greader, make_source):
    source = make_source(name="Outlet")
    answer = greader.post("subscription/quickadd", {"quickadd": source.url}).json()
    assert answer == {
        "numResults": 1,
        "query": source.url,
        "streamId": f"feed/{source.id}",
        "streamName": "Outlet",
    }
    assert services.is_following(greader.reader, source)


def test_renaming_a_subscription_is_refused(greader, make_source):
    source = make_source()
    services.follow(greader.reader, source)
    answer = greader.post("subscription/edit", {"ac": "edit", "s": f"feed/{source.id}", "t": "X"})
    assert answer.status_code == 400


def test_unread_counts_per_feed_and_reading_list(greader, make_source, make_article):
    first, second = make_source(), make_source()
    articles = [make_article(first), make_article(first), make_article(second)]
    services.follow(greader.reader, first)
    services.follow(greader.reader, second)
    services.mark_read(greader.reader, [articles[2].id])
    counts = greader.get("unread-count", {"output": "json"}).json()
    by_id = {row["id"]: row["count"] for row in counts["unreadcounts"]}
    assert by_id == {f"feed/{first.id}": 2, "user/-/state/com.google/reading-list": 2}
    assert counts["max"] == 2
    assert all(int(row["newestItemTimestampUsec"]) > 0 for row in counts["unreadcounts"])


def test_tag_list_holds_the_starred_state(greader):
    tags = greader.get("tag/list", {"output": "json"}).json()["tags"]
    assert [tag["id"] for tag in tags] == ["user/-/state/com.google/starred"]


def test_an_inactive_source_can_be_left_but_not_joined(greader, make_source):
    source = make_source(active=False)
    services.follow(greader.reader, source)
    leave = greader.post("subscription/edit", {"ac": "unsubscribe", "s": f"feed/{source.id}"})
    assert leave.content == b"OK"
    join = greader.post("subscription/edit", {"ac": "subscribe", "s": f"feed/{source.id}"})
    assert join.status_code == 400
    assert not services.is_following(greader.reader, source)
