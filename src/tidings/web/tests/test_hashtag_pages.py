"""A hashtag's page and its RSS feed."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tidings.web.tests.html import parse, text_of


def test_hashtag_page_lists_its_articles_newest_first(client, make_article, make_hashtag):
    now = timezone.now()
    older = make_article(title="Older swap story", published_at=now - timedelta(days=1))
    newer = make_article(title="Newer swap story", published_at=now)
    make_article(title="Untagged story")
    make_hashtag("prisoners of war", articles=[older, newer])

    page = parse(client.get("/hashtags/prisoners-of-war/"))

    assert page.find("h1").plain == "#PrisonersOfWar"
    titles = [tag.plain for tag in page.find_all("h2", class_="card-title")]
    assert titles == ["Newer swap story", "Older swap story"]
    feed_link = page.find("link", type="application/rss+xml")
    assert feed_link.attrs["href"] == "/hashtags/prisoners-of-war/feed/"
    assert client.get("/hashtags/no-such-tag/").status_code == 404


def test_hashtag_with_unicode_slug_has_a_page(client, make_article, make_hashtag):
    make_hashtag("Zürich", articles=[make_article(title="Banks in Zürich")])

    response = client.get("/hashtags/zürich/")

    assert response.status_code == 200
    assert "#Zürich" in text_of(response)


def test_hashtag_feed_is_rss_pointing_at_our_pages(client, make_article, make_hashtag):
    article = make_article(title="Swap story", text="Prisoners came home on Monday.")
    make_hashtag("prisoners of war", articles=[article])

    response = client.get("/hashtags/prisoners-of-war/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<title>#PrisonersOfWar on tidings</title>" in body
    assert "<title>Swap story</title>" in body
    assert f"{settings.BASE_URL}/articles/{article.id}/</link>" in body
    assert "Prisoners came home on Monday." in body
    assert article.url not in body
