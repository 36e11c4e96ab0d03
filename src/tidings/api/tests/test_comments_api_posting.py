"""Posting comments through the API: tokens, sessions, the rules and the limits."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tidings.api.tests.test_comments_api import bearer, comments_url, post_json, token_for
from tidings.comments import tokens
from tidings.comments.models import ApiToken, Comment, Profile
from tidings.comments.posting import post_comment
from tidings.config import parse_rates


def test_a_token_posts_a_comment_and_gets_it_back_with_201(article, make_reader):
    reader = make_reader()
    token = token_for(reader)

    response = post_json(
        Client(), comments_url(article), {"body": "From my **script**"}, **bearer(token)
    )

    assert response.status_code == 201, response.content
    comment = Comment.objects.get()
    assert (comment.author, comment.article) == (reader, article)
    body = response.json()
    assert body["id"] == comment.pk
    assert body["body_html"] == "<p>From my <strong>script</strong></p>"
    assert body["status"] == "visible"  # the author sees their own comment's status
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_replies_and_posts_on_stories_too(story, make_reader):
    reader = make_reader()
    parent = post_comment(author=make_reader(), target=story, body="What about the vote?")

    response = post_json(
        Client(),
        comments_url(story),
        {"body": "Seven to two.", "parent": parent.pk},
        **bearer(token_for(reader)),
    )

    assert response.status_code == 201, response.content
    reply = Comment.objects.get(parent=parent)
    assert (reply.story, reply.article) == (story, None)
    assert [i["id"] for i in Client().get(comments_url(story)).json()["items"]] == [
        parent.pk,
        reply.pk,
    ]


def test_a_session_posts_with_its_csrf_token_and_is_refused_without(article, make_reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_reader())
    browser.get(f"/articles/{article.pk}/")  # sets the CSRF cookie, as the page does
    csrf = browser.cookies["csrftoken"].value

    refused = post_json(browser, comments_url(article), {"body": "No token"})
    accepted = post_json(browser, comments_url(article), {"body": "With it"}, X_CSRFToken=csrf)

    assert refused.status_code == 403
    assert "X-CSRFToken" in refused.json()["detail"]
    assert accepted.status_code == 201, accepted.content
    assert list(Comment.objects.values_list("body", flat=True)) == ["With it"]


def test_a_token_needs_no_csrf_token(article, make_reader):
    browser = Client(enforce_csrf_checks=True)
    response = post_json(
        browser, comments_url(article), {"body": "Hi"}, **bearer(token_for(make_reader()))
    )
    assert response.status_code == 201


def test_posting_without_an_account_is_401_in_words(client, article):
    response = post_json(client, comments_url(article), {"body": "Anonymous"})
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert not Comment.objects.exists()


@pytest.mark.parametrize("token", ["tid_not-a-real-token", "anything", ""])
def test_an_unknown_token_is_401(client, article, token):
    response = post_json(client, comments_url(article), {"body": "Hi"}, **bearer(token))
    assert response.status_code == 401
    assert not Comment.objects.exists()


def test_a_revoked_token_is_401_for_posting_and_reading(article, make_reader):
    reader = make_reader()
    token = token_for(reader)
    tokens.revoke_token(reader, ApiToken.objects.get().pk)

    posted = post_json(Client(), comments_url(article), {"body": "Hi"}, **bearer(token))
    read = Client().get(comments_url(article), headers=bearer(token))

    assert posted.status_code == read.status_code == 401
    assert "revoked" in posted.json()["detail"]


def test_a_token_of_a_deactivated_account_is_401(article, make_reader):
    reader = make_reader()
    token = token_for(reader)
    User.objects.filter(pk=reader.pk).update(is_active=False)
    response = post_json(Client(), comments_url(article), {"body": "Hi"}, **bearer(token))
    assert response.status_code == 401


def test_a_suspended_account_is_403_through_the_api(article, make_reader):
    reader = make_reader()
    Profile.objects.filter(user=reader).update(suspended_until=timezone.now() + timedelta(days=1))
    response = post_json(
        Client(), comments_url(article), {"body": "Let me in"}, **bearer(token_for(reader))
    )
    assert response.status_code == 403
    assert "suspended" in response.json()["detail"]
    assert not Comment.objects.exists()


def test_a_banned_account_is_403_through_the_api(article, make_reader):
    reader = make_reader()
    Profile.objects.filter(user=reader).update(banned_at=timezone.now())
    response = post_json(
        Client(), comments_url(article), {"body": "Let me in"}, **bearer(token_for(reader))
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"body": "   "}, "needs some text"),
        ({"body": "x" * 10_001}, "at most 10,000 characters"),
        ({"body": "Hi", "parent": 999_999}, "cannot be answered"),
    ],
)
def test_a_bad_body_or_parent_is_400_in_words(article, make_reader, payload, words):
    response = post_json(
        Client(), comments_url(article), payload, **bearer(token_for(make_reader()))
    )
    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert not Comment.objects.exists()


def test_replies_to_hidden_comments_or_other_articles_are_400(article, make_article, make_reader):
    author = make_reader()
    hidden = post_comment(author=author, target=article, body="Taken down")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    elsewhere = post_comment(author=author, target=make_article(), body="Other article")
    token = token_for(make_reader())

    for parent in (hidden, elsewhere):
        response = post_json(
            Client(), comments_url(article), {"body": "Hi", "parent": parent.pk}, **bearer(token)
        )
        assert response.status_code == 400
        assert response.json() == {"detail": "That comment cannot be answered."}


def test_a_body_that_is_not_the_schema_is_422(article, make_reader):
    response = post_json(
        Client(), comments_url(article), {"text": "wrong field"}, **bearer(token_for(make_reader()))
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "body"]


def test_posting_on_an_unknown_article_is_404(db, make_reader):
    response = post_json(
        Client(),
        "/api/v1/articles/424242/comments",
        {"body": "Hi"},
        **bearer(token_for(make_reader())),
    )
    assert response.status_code == 404


def test_posting_too_often_is_429_with_retry_after(settings, article, make_reader):
    settings.TIDINGS = {
        **settings.TIDINGS,
        "RATE_LIMITS": {"comment": {"account": parse_rates("test", "2/60")}},
    }
    headers = bearer(token_for(make_reader()))
    answers = [
        post_json(Client(), comments_url(article), {"body": f"Number {n}"}, **headers)
        for n in range(3)
    ]

    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert 1 <= int(answers[2]["Retry-After"]) <= 120
    assert answers[2].json()["detail"].startswith("Too many comments in a short time.")
    assert Comment.objects.count() == 2


def test_a_token_is_marked_used_at_most_once_a_minute(article, make_reader):
    token = token_for(make_reader())
    Client().get(comments_url(article), headers=bearer(token))
    first_use = ApiToken.objects.get().last_used_at
    Client().get(comments_url(article), headers=bearer(token))
    assert ApiToken.objects.get().last_used_at == first_use

    ApiToken.objects.update(last_used_at=first_use - timedelta(minutes=2))
    Client().get(comments_url(article), headers=bearer(token))
    assert ApiToken.objects.get().last_used_at > first_use


def test_the_openapi_document_describes_the_comment_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operations = schema["paths"]["/api/v1/articles/{article_id}/comments"]
    assert operations["get"]["summary"] == "An article's comments, oldest first"
    assert operations["post"]["summary"] == "Post a comment or reply on an article"
    assert {"201", "400", "401", "403", "404", "429"} <= set(operations["post"]["responses"])
    assert "security" not in operations["get"]
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert "/api/v1/stories/{story_id}/comments" in schema["paths"]
