from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.api import cursors
from tidings.api.tests.test_api import walk
from tidings.enrich import facts as facts_stage


def test_stories_list_walks_latest_first_without_merged_ones(client, make_article, make_story):
    now = timezone.now()
    made = [
        make_story(make_article(published_at=now - timedelta(hours=hours))) for hours in range(7)
    ]
    merged = make_story(make_article(published_at=now), merged_into=made[0])

    items, pages = walk(client, "/api/v1/stories?limit=3")

    assert [item["id"] for item in items] == [story.id for story in made]
    assert merged.id not in [item["id"] for item in items]
    assert pages == 3


def test_story_item_carries_its_counts_times_and_page(
    client, settings, make_source, make_article, make_story
):
    settings.BASE_URL = "https://news.example.org"
    when = timezone.now().replace(microsecond=0)
    outlet = make_source(name="NHK")
    story = make_story(
        make_article(source=outlet, published_at=when - timedelta(hours=1)),
        make_article(source=outlet, published_at=when),
        make_article(published_at=when - timedelta(hours=2)),
        title="Russia and Ukraine exchange prisoners of war",
    )

    [item] = client.get("/api/v1/stories").json()["items"]

    assert item == {
        "id": story.id,
        "title": "Russia and Ukraine exchange prisoners of war",
        "first_published": (when - timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
        "last_published": when.isoformat().replace("+00:00", "Z"),
        "article_count": 3,
        "outlet_count": 2,
        "page_url": f"https://news.example.org/stories/{story.id}/",
    }


def test_story_detail_has_articles_hashtags_and_facts_side_by_side(
    client, make_source, make_article, make_hashtag, make_story
):
    now = timezone.now()
    times = make_source(name="The Japan Times")
    nhk = make_source(name="NHK")
    first = make_article(
        source=times,
        title="Russia and Ukraine exchange prisoners of war",
        text="Russia and Ukraine agreed to exchange at least 1,200 prisoners of war on each side.",
        published_at=now - timedelta(hours=3),
    )
    second = make_article(
        source=nhk,
        title="Prisoner swap begins",
        text="Both sides agreed to exchange 1,000 prisoners of war on each side, officials said.",
        published_at=now - timedelta(hours=1),
    )
    facts_stage.process([first, second])
    make_hashtag("prisoners of war", articles=[first, second])
    story = make_story(first, second)

    body = client.get(f"/api/v1/stories/{story.id}").json()

    assert [(a["id"], a["source"]["name"]) for a in body["articles"]] == [
        (first.id, "The Japan Times"),
        (second.id, "NHK"),
    ]
    assert body["articles"][0]["url"] == first.url
    assert body["articles"][0]["page_url"].endswith(f"/articles/{first.id}/")
    assert [(h["tag"], h["articles"]) for h in body["hashtags"]] == [("#PrisonersOfWar", 2)]
    [group] = body["facts"]
    assert (group["what"], group["disagree"], group["outlet_count"]) == (
        "prisoners of war on each side",
        True,
        2,
    )
    assert [
        (value["figure"], [source["source"]["name"] for source in value["sources"]])
        for value in group["values"]
    ] == [("at least 1,200", ["The Japan Times"]), ("1,000", ["NHK"])]
    source = group["values"][1]["sources"][0]
    assert source["article_id"] == second.id
    assert source["sentence"].startswith("Both sides agreed to exchange 1,000")
    assert source["page_url"].endswith(f"/articles/{second.id}/#p-0")


def test_merged_story_answers_301_with_the_survivor(client, make_article, make_story):
    survivor = make_story(make_article())
    merged = make_story(merged_into=make_story(merged_into=survivor))

    response = client.get(f"/api/v1/stories/{merged.id}")

    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/stories/{survivor.id}")
    assert response.json()["merged_into"] == survivor.id
    assert client.get(response["Location"]).json()["id"] == survivor.id


def test_missing_story_is_404_json(client, db):
    response = client.get("/api/v1/stories/424242")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no story with id 424242."}


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", cursors.encode("articles", "2025-06-10T12:00:00+00:00", 1)],
)
def test_bad_story_cursor_is_400_in_words(client, db, cursor):
    response = client.get(f"/api/v1/stories?cursor={cursor}")

    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_openapi_document_describes_the_story_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/stories", "/api/v1/stories/{story_id}"} <= set(paths)
    assert set(paths["/api/v1/stories/{story_id}"]["get"]["responses"]) == {"200", "301", "404"}
