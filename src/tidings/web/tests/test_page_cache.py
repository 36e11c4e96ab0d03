"""Anonymous readers' pages come from a cache that a new article or comment makes stale;
they carry validators that answer 304; signed-in readers' pages are never cached."""

from __future__ import annotations

import pytest

from tidings.articles.models import Article
from tidings.articles.store import IncomingArticle, store_article
from tidings.comments.models import Comment
from tidings.web.page_cache import CSRF_PLACEHOLDER


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }


def behind_the_stores_back(article: Article, title: str) -> None:
    Article.objects.filter(pk=article.pk).update(title=title)


def test_an_anonymous_page_is_served_again_from_the_cache(client, make_article):
    article = make_article(title="Dam opens")
    assert "Dam opens" in client.get("/").text
    behind_the_stores_back(article, "Dam closes")
    assert "Dam opens" in client.get("/").text
    assert "Dam closes" in client.get(f"/articles/{article.pk}/").text  # not cached yet


def test_a_stored_article_makes_the_cached_pages_stale(
    client, make_article, make_source, django_capture_on_commit_callbacks
):
    source = make_source()
    make_article(source=source, title="Dam opens")
    assert "Dam opens" in client.get("/").text
    with django_capture_on_commit_callbacks(execute=True):
        store_article(
            source.pk,
            IncomingArticle(
                guid="new",
                url="https://example.com/new",
                canonical_url="https://example.com/new",
                title="Town floods",
                entry_fingerprint="f",
                text_origin="none",
            ),
        )
    assert "Town floods" in client.get("/").text


def test_a_new_comment_makes_the_cached_pages_stale(
    client, make_article, make_reader, django_capture_on_commit_callbacks
):
    article = make_article()
    assert "Well put" not in client.get(f"/articles/{article.pk}/").text
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.create(
            article=article, author=make_reader(), body="Well put", body_html="<p>Well put</p>"
        )
    assert "Well put" in client.get(f"/articles/{article.pk}/").text


def test_a_matching_etag_or_date_answers_304(client, make_article):
    make_article()
    first = client.get("/api/v1/articles")
    assert first.status_code == 200 and first["ETag"]
    assert first["Cache-Control"] == "public, max-age=30"
    again = client.get("/api/v1/articles", headers={"If-None-Match": first["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    dated = client.get("/api/v1/articles", headers={"If-Modified-Since": first["Last-Modified"]})
    assert dated.status_code == 304
    other = client.get("/api/v1/articles", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_the_question_form_gets_each_readers_own_token(client, make_article, make_story):
    article = make_article()
    story = make_story(article)
    for _ in range(2):
        response = client.get(f"/stories/{story.pk}/")
        assert CSRF_PLACEHOLDER not in response.text
        assert 'name="csrfmiddlewaretoken"' in response.text
        assert response["Cache-Control"] == "private, max-age=30"
        assert response.cookies["csrftoken"].value


def test_signed_in_readers_pages_are_private_and_never_cached(client, make_article, make_reader):
    article = make_article(title="Dam opens")
    client.force_login(make_reader())
    assert "Dam opens" in client.get("/").text
    behind_the_stores_back(article, "Dam closes")
    response = client.get("/")
    assert "Dam closes" in response.text
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
