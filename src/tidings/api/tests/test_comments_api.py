"""The comments API: reading what the page shows, posting with a token or a session."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tidings.comments import tokens
from tidings.comments.markdown import render_comment
from tidings.comments.models import Comment
from tidings.comments.posting import post_comment
from tidings.stories.models import Story


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def token_for(user: User) -> str:
    return tokens.create_token(user, "tests")[1]


def comments_url(target) -> str:
    kind = "stories" if isinstance(target, Story) else "articles"
    return f"/api/v1/{kind}/{target.pk}/comments"


def post_json(client, url: str, data: dict, **headers):
    return client.post(url, data, content_type="application/json", headers=headers)


# Reading.


def test_anyone_reads_visible_comments_oldest_first_with_replies_flat(client, article, make_reader):
    ada, bob = make_reader(), make_reader()
    first = post_comment(author=ada, target=article, body="The *span* looks low.")
    reply = post_comment(author=bob, target=article, body="It was raised.", parent=first)

    response = client.get(comments_url(article))

    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert body["items"] == [
        {
            "id": first.pk,
            "parent": None,
            "author": ada.profile.display_name,
            "body_html": "<p>The <em>span</em> looks low.</p>",
            "created_at": body["items"][0]["created_at"],
            "edited": False,
            "deleted": False,
            "status": None,
            "page_url": f"http://127.0.0.1:8000/articles/{article.pk}/#comment-{first.pk}",
        },
        {
            "id": reply.pk,
            "parent": first.pk,
            "author": bob.profile.display_name,
            "body_html": "<p>It was raised.</p>",
            "created_at": body["items"][1]["created_at"],
            "edited": False,
            "deleted": False,
            "status": None,
            "page_url": f"http://127.0.0.1:8000/articles/{article.pk}/#comment-{reply.pk}",
        },
    ]


def test_hidden_and_held_comments_and_replies_under_them_are_not_listed(
    client, article, make_reader
):
    author = make_reader()
    shown = post_comment(author=author, target=article, body="Shown")
    hidden = post_comment(author=author, target=article, body="Taken down")
    post_comment(author=author, target=article, body="Under a hidden one", parent=hidden)
    held = post_comment(author=author, target=article, body="Waiting")
    deleted = post_comment(author=author, target=article, body="Gone")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.HELD)
    Comment.objects.filter(pk=deleted.pk).update(
        status=Comment.Status.DELETED, body="", body_html=""
    )

    items = client.get(comments_url(article)).json()["items"]

    assert [item["id"] for item in items] == [shown.pk, deleted.pk]
    assert items[1]["author"] == "[deleted]"
    assert (items[1]["deleted"], items[1]["body_html"]) == (True, "")
    assert "Taken down" not in str(items) and "Under a hidden one" not in str(items)


def test_authors_see_their_held_comments_and_moderators_everything_with_status(
    article, make_reader
):
    author = make_reader()
    held = post_comment(author=author, target=article, body="Waiting for review")
    hidden = post_comment(author=author, target=article, body="Taken down")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.HELD)
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)

    as_author = Client().get(comments_url(article), headers=bearer(token_for(author))).json()
    assert [(i["id"], i["status"]) for i in as_author["items"]] == [(held.pk, "held")]

    moderator = Client()
    moderator.force_login(make_reader(is_staff=True))
    as_staff = moderator.get(comments_url(article)).json()
    assert [(i["id"], i["status"]) for i in as_staff["items"]] == [
        (held.pk, "held"),
        (hidden.pk, "hidden"),
    ]


def test_body_html_is_the_sanitised_rendering_never_the_raw_markup(client, article, make_reader):
    attack = '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="alert(3)">'
    post_comment(author=make_reader(), target=article, body=attack)

    [item] = client.get(comments_url(article)).json()["items"]

    assert item["body_html"] == render_comment(attack)
    assert "<script" not in item["body_html"] and "<img" not in item["body_html"]
    assert "href" not in item["body_html"]  # the javascript: link stays text


def test_comments_page_through_a_cursor_without_repeats(client, article, make_reader):
    author = make_reader()
    made = [post_comment(author=author, target=article, body=f"Number {n}") for n in range(5)]
    seen, cursor, pages = [], None, 0
    while True:
        url = comments_url(article) + "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == [comment.pk for comment in made]
    assert pages == 3


@pytest.mark.parametrize("cursor", ["nonsense", "WyJhcnRpY2xlcyIsIDFd"])
def test_a_bad_comment_cursor_is_400_in_words(client, article, cursor):
    response = client.get(comments_url(article) + f"?cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The cursor ")


def test_unknown_targets_are_404(client, db):
    assert client.get("/api/v1/articles/424242/comments").json() == {
        "detail": "There is no article with id 424242."
    }
    response = client.get("/api/v1/stories/424242/comments")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "There is no story with id 424242."},
    )
