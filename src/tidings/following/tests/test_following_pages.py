"""Follow buttons, "For you", reading state and saved for later, as readers use them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tidings.following.for_you import group_into_cards
from tidings.readers import services
from tidings.web.tests.html import parse, text_of


@pytest.fixture
def story_of_three(make_source, make_article, make_story):
    now = timezone.now()
    articles = [
        make_article(
            source=make_source(), title=f"Flood report {n}", published_at=now - timedelta(hours=n)
        )
        for n in (1, 2, 3)
    ]
    return make_story(*articles, title="Floods in the valley")


def test_group_into_cards_keeps_one_card_per_story_where_its_newest_article_is():
    rows = [(9, 1), (8, None), (7, 1), (6, 2), (5, 1)]

    cards = group_into_cards(rows)

    assert [(card.article_ids, card.story_id, card.more) for card in cards] == [
        ([9, 7, 5], 1, 2),
        ([8], None, 0),
        ([6], 2, 0),
    ]


def test_anonymous_readers_get_a_link_to_log_in_instead_of_follow(client, story_of_three):
    page = parse(client.get(f"/stories/{story_of_three.pk}/"))

    link = page.find("a", class_="follow-login")
    assert link.plain == "Log in to follow"
    assert link.attrs["href"].startswith("/accounts/login/?next=/stories/")
    assert page.find_all("button", class_="follow-button") == []


def test_following_without_javascript_posts_and_comes_back(signed_in, reader, story_of_three):
    page = f"/stories/{story_of_three.pk}/"
    assert parse(signed_in.get(page)).find("button", class_="follow-button").plain == "Follow"

    response = signed_in.post(
        f"/follow/story/{story_of_three.pk}/", {"action": "follow", "next": page}
    )

    assert response.status_code == 302 and response["Location"] == page
    assert services.is_following(reader, story_of_three)
    assert parse(signed_in.get(page)).find("button", class_="follow-button").plain == "Following"
    signed_in.post(f"/follow/story/{story_of_three.pk}/", {"action": "unfollow"})
    assert not services.is_following(reader, story_of_three)


def test_htmx_gets_the_button_alone(signed_in, make_source, make_hashtag, make_article):
    source = make_source(name="Valley Post")
    hashtag = make_hashtag("floods", articles=[make_article()])
    for kind, target in (("source", source), ("hashtag", hashtag)):
        response = signed_in.post(
            f"/follow/{kind}/{target.pk}/", {"action": "follow"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        button = parse(response).find("button", class_="follow-button")
        assert button.plain == "Following" and button.attrs["aria-pressed"] == "true"


def test_follow_forms_need_their_csrf_token(reader, story_of_three):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)

    response = strict.post(f"/follow/story/{story_of_three.pk}/", {"action": "follow"})

    assert response.status_code == 403
    assert not services.is_following(reader, story_of_three)


def test_following_needs_an_account_and_a_known_target(client, signed_in, story_of_three):
    response = client.post(f"/follow/story/{story_of_three.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert signed_in.post("/follow/story/999/").status_code == 404
    assert signed_in.post("/follow/planet/1/").status_code == 404
    assert signed_in.get(f"/follow/story/{story_of_three.pk}/").status_code == 405


def test_for_you_explains_how_to_follow_when_empty(client, signed_in):
    assert "/accounts/login/" in client.get("/for-you/")["Location"]

    text = text_of(signed_in.get("/for-you/"))

    assert "You follow nothing yet" in text
    assert "Follow" in text and "OPML" in text


def test_for_you_gathers_a_storys_articles_in_one_card_newest_first(
    signed_in, reader, story_of_three, make_source, make_article
):
    followed_source = make_source(name="Followed outlet")
    lone = make_article(source=followed_source, title="Lone news", published_at=timezone.now())
    make_article(title="Unfollowed news")
    services.follow(reader, story_of_three)
    services.follow(reader, followed_source)

    page = parse(signed_in.get("/for-you/"))

    titles = [tag.plain for tag in page.find_all("h2", class_="card-title")]
    assert titles == [lone.title, "Flood report 1"]
    assert page.find("p", class_="story-more").plain == "and 2 more on this story"
    assert [mark.plain for mark in page.find_all("p", class_="unread-mark")] == [
        "Unread",
        "3 unread",
    ]


def test_opening_an_article_marks_it_read_and_mark_all_read_the_rest(
    signed_in, reader, story_of_three, make_article
):
    services.follow(reader, story_of_three)
    newest = story_of_three.articles.order_by("-published_at").first()

    signed_in.get(f"/articles/{newest.pk}/")

    assert "2 unread" in text_of(signed_in.get("/for-you/"))
    [shown_at] = [
        tag.attrs["value"]
        for tag in parse(signed_in.get("/for-you/")).find_all("input")
        if tag.attrs.get("name") == "shown_at"
    ]
    later = make_article(title="Arrived after", published_at=timezone.now() + timedelta(minutes=5))
    later.story = story_of_three
    later.save()
    response = signed_in.post("/for-you/mark-all-read/", {"shown_at": shown_at})
    assert response.status_code == 302
    unread = services.unread(story_of_three.articles.all(), reader)
    assert list(unread) == [later]


def test_for_you_pages_past_the_last_are_404(signed_in):
    assert signed_in.get("/for-you/?page=9").status_code == 404


def test_save_for_later_toggles_and_lists_saved_articles(signed_in, make_article, client):
    article = make_article(title="Read me on the train")
    page = f"/articles/{article.pk}/"
    assert parse(client.get(page)).find("a", class_="save-login").plain == "Log in to save"

    signed_in.post(f"/articles/{article.pk}/save/", {"action": "save", "next": page})
    assert parse(signed_in.get("/saved/")).find("h2", class_="card-title").plain == article.title
    response = signed_in.post(
        f"/articles/{article.pk}/save/", {"action": "unsave"}, headers={"HX-Request": "true"}
    )
    assert parse(response).find("button", class_="save-button").plain == "Save for later"
    assert "Nothing saved" in text_of(signed_in.get("/saved/"))
