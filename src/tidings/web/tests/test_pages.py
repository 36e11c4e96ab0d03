from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.articles.models import Article
from tidings.enrich import embeddings
from tidings.sources.models import FetchLog
from tidings.web.tests.html import parse, text_of

SWAP_TEXT = (
    "Russia and Ukraine exchanged prisoners of war on Monday in emotional scenes.\n\n"
    "The swap followed talks in Istanbul, where both sides agreed to exchange at least "
    "1,200 prisoners of war each.\n\n"
    "Families waited outside a hospital in northern Ukraine for news of the missing."
)


@pytest.fixture
def seed_like_article(make_source, make_article, make_hashtag):
    """The seed page in small: a main story with an image, two related ones and a stray."""
    now = timezone.now()
    times = make_source(name="Japan Times", site_url="https://www.japantimes.co.jp/")
    nhk = make_source(name="NHK", site_url="https://www3.nhk.or.jp/")
    article = make_article(
        source=times,
        url="https://www.japantimes.co.jp/news/2025/06/10/world/pow-swap/",
        title="Russia and Ukraine exchange prisoners of war",
        text=SWAP_TEXT,
        text_origin="page",
        published_at=now - timedelta(hours=4),
        updated_at=now - timedelta(hours=2),
        image="images/2025/06/pow.jpg",
        image_url="https://cdn.japantimes.example/pow.jpg",
        image_caption="People hold up photographs of missing relatives on Monday.",
        image_credit="AFP-JIJI",
    )
    make_article(
        source=nhk,
        title="Ukraine expects more prisoner exchanges with Russia",
        text="Kyiv said more exchanges of prisoners of war with Russia would follow, "
        "as families in Ukraine waited for soldiers missing since the war began.",
        published_at=now - timedelta(minutes=61),
    )
    make_article(
        source=times,
        title="Drone strikes hit Kyiv as Russia presses its war in Ukraine",
        text="Russia launched a large drone attack on Ukraine overnight, a day after the "
        "prisoner exchange, striking Kyiv and Odesa.",
        published_at=now - timedelta(hours=3, minutes=5),
    )
    make_article(
        source=nhk,
        title="Late goal gives Arsenal derby win over Chelsea",
        text="Bukayo Saka scored in stoppage time at the Emirates Stadium.",
        published_at=now - timedelta(hours=1),
    )
    make_hashtag("prisoners of war", articles=[article])
    # Related articles are found by their embeddings, which the pipeline's embed stage makes.
    embeddings.process(list(Article.objects.all()))
    return article


def test_home_without_articles_says_how_to_add_sources(client, db):
    response = client.get("/")

    assert response.status_code == 200
    text = text_of(response)
    assert "No articles yet" in text
    assert "tidings sources add URL" in text
    assert "tidings demo" in text


def test_home_lists_thirty_newest_articles_per_page(client, make_source, make_article):
    source = make_source(name="Daily Example")
    start = timezone.now()
    for number in range(65):
        make_article(
            source=source, title=f"Story {number}", published_at=start - timedelta(minutes=number)
        )

    first = parse(client.get("/"))
    titles = [tag.plain for tag in first.find_all("h2", class_="card-title")]
    assert titles == [f"Story {number}" for number in range(30)]
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    assert [tag.plain for tag in first.find_all("a", href="?page=3")] == ["3"]

    last = parse(client.get("/?page=3"))
    titles = [tag.plain for tag in last.find_all("h2", class_="card-title")]
    assert titles == [f"Story {number}" for number in range(60, 65)]
    assert last.find("a", rel="prev").attrs["href"] == "?page=2"
    assert not last.find_all("a", rel="next")


@pytest.mark.parametrize("page", ["4", "0", "last-but-one", "-1"])
def test_home_page_that_does_not_exist_is_404_in_site_style(client, make_article, page):
    make_article()

    response = client.get(f"/?page={page}")

    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert parse(response).find("a", class_="brand").plain == "tidings"


def test_home_card_shows_outlet_relative_time_headline_and_first_forty_words(
    client, make_source, make_article
):
    words = [f"word{n}" for n in range(100)]
    article = make_article(
        source=make_source(name="NHK"),
        title="Japan and Lithuania agree to work for peace",
        text=" ".join(words),
        published_at=timezone.now() - timedelta(hours=3, minutes=5),
    )

    page = parse(client.get("/"))

    card = page.find("article", class_="card")
    assert "NHK" in card.plain
    assert "3 hours ago" in card.plain
    link = page.find("a", href=f"/articles/{article.id}/")
    assert link.plain == "Japan and Lithuania agree to work for peace"
    excerpt = page.find("p", class_="card-text").plain
    assert excerpt.split() == [*words[:40], "…"]


def test_article_page_follows_the_seed_pages_order(client, seed_like_article):
    article = seed_like_article
    response = client.get(f"/articles/{article.id}/")
    assert response.status_code == 200
    text = text_of(response)

    order = [
        article.title,
        "Japan Times",
        "Published 4 hours ago",
        "Updated 2 hours ago",
        "People hold up photographs of missing relatives on Monday.",
        "AFP-JIJI",
        "Russia and Ukraine exchanged prisoners",
        "Families waited outside a hospital",
        "Hashtags",
        "#PrisonersOfWar",
        "Comments",
        "No comments yet...",
        "Related Articles",
    ]
    positions = [text.index(fragment) for fragment in order]
    assert positions == sorted(positions)

    page = parse(response)
    assert page.headings()[:4] == [
        (1, article.title),
        (2, "Hashtags"),
        (2, "Comments"),
        (2, "Related Articles"),
    ]
    assert page.find("a", class_="outlet").attrs["href"] == f"/sources/{article.source_id}/"
    published = page.find("time")
    assert published.attrs["datetime"] == article.published_at.isoformat()
    assert published.attrs["title"]  # the absolute time, on hover

    figure_image = page.find("img", src="/media/images/2025/06/pow.jpg")
    assert figure_image.attrs["alt"] == article.image_caption
    caption = page.find("figcaption")
    assert page.find("span", class_="caption").plain == article.image_caption
    assert page.find("span", class_="credit").plain == "AFP-JIJI"
    assert "|" in caption.plain
    assert page.find("a", class_="hashtag").attrs["href"] == "/hashtags/prisoners-of-war/"
    assert not page.find_all("form") and not page.find_all("button")


def test_related_cards_show_outlet_time_byline_headline_and_text(client, seed_like_article):
    page = parse(client.get(f"/articles/{seed_like_article.id}/"))

    cards = page.find_all("article", class_="related-card")
    texts = [card.plain for card in cards]
    assert len(cards) == 2
    assert texts[0].startswith("NHK · an hour ago - NHK Ukraine expects more prisoner exchanges")
    assert "Kyiv said more exchanges of prisoners of war" in texts[0]
    assert texts[1].startswith("Japan Times · 3 hours ago - Japan Times Drone strikes hit Kyiv")
    assert not any("Arsenal" in text for text in texts)
    assert [heading[0] for heading in page.headings()[4:]] == [3, 3]


def test_headline_only_article_links_to_the_publisher_honestly(client, make_source, make_article):
    article = make_article(
        source=make_source(name="NHK"),
        url="https://www3.nhk.or.jp/news/typhoon/",
        title="Typhoon approaches Okinawa",
        text_origin="none",
    )

    page = parse(client.get(f"/articles/{article.id}/"))

    read_at = page.find("a", class_="read-at")
    assert read_at.plain == "Read at NHK"
    assert read_at.attrs["href"] == "https://www3.nhk.or.jp/news/typhoon/"
    assert read_at.attrs["rel"] == "noopener noreferrer"
    assert "only the headline" in page.find("div", class_="partial-notice").plain
    assert [tag.attrs["href"] for tag in page.find_all("a", rel="noopener noreferrer")] == [
        article.url
    ]
    assert "No hashtags for this article yet." in page.find("section").plain


def test_summary_only_article_shows_the_summary_and_read_at(client, make_article):
    article = make_article(
        summary="Stocks in Tokyo rose as the yen weakened.", text_origin="summary"
    )

    page = parse(client.get(f"/articles/{article.id}/"))

    assert page.find("div", class_="story-body").plain == (
        "Stocks in Tokyo rose as the yen weakened."
    )
    assert "only a summary" in page.find("div", class_="partial-notice").plain
    assert page.find("a", class_="read-at").plain.startswith("Read at")


def test_full_text_article_has_no_read_at_but_names_the_original(client, make_article):
    article = make_article(
        content_html="<p>First paragraph.</p>\n<p>Second <em>paragraph</em>.</p>",
        text="First paragraph.\n\nSecond paragraph.",
        text_origin="feed",
    )

    page = parse(client.get(f"/articles/{article.id}/"))

    assert not page.find_all("a", class_="read-at")
    assert page.find("a", class_="original-link").attrs["href"] == article.url
    body = page.find("div", class_="story-body")
    assert body.plain == "First paragraph. Second paragraph."
    assert page.find("em").plain == "paragraph"


def test_caption_and_credit_show_without_a_local_image_and_publisher_image_is_not_used(
    client, make_article
):
    article = make_article(
        text="Body.",
        image_url="https://images.publisher.example/lead.jpg",
        image_caption="Rescuers at work in Odesa.",
        image_credit="Reuters",
    )

    page = parse(client.get(f"/articles/{article.id}/"))

    assert not page.find_all("img")
    assert page.find("span", class_="caption").plain == "Rescuers at work in Odesa."
    assert page.find("span", class_="credit").plain == "Reuters"


def test_no_page_loads_or_links_anything_from_other_hosts(client, seed_like_article, make_article):
    article = seed_like_article
    article.content_html = "<p>Inline body.</p>"
    article.save()
    headline_only = make_article(source=article.source, url="https://www.japantimes.co.jp/x/")
    publisher = "www.japantimes.co.jp"
    pages = {
        "/": set(),
        "/?page=1": set(),
        "/sources/": set(),
        f"/sources/{article.source_id}/": {publisher},
        f"/articles/{article.id}/": {publisher},
        f"/articles/{headline_only.id}/": {publisher},
        "/hashtags/prisoners-of-war/": set(),
        "/no-such-page/": set(),
        "/api/v1/docs": set(),
    }
    for url, allowed in pages.items():
        response = client.get(url)
        page = parse(response)
        assert page.external_hosts() <= allowed, url
        for script in page.find_all("script"):
            assert not script.attrs.get("src", "").startswith(("http", "//")), url
        if response.status_code == 200 and "/api/" not in url:
            assert "default-src 'self'" in response["Content-Security-Policy"]


def test_every_page_has_landmarks_skip_link_and_language(client, seed_like_article):
    for url in ["/", "/sources/", f"/articles/{seed_like_article.id}/"]:
        page = parse(client.get(url))
        assert page.find("html").attrs["lang"] == "en"
        assert page.find("a", class_="skip-link").attrs["href"] == "#main"
        assert page.find("main").attrs["id"] == "main"
        assert page.find("header") and page.find("footer")
        nav = page.find("nav", class_="site-nav")
        assert "Latest" in nav.plain and "Sources" in nav.plain
        levels = [level for level, _ in page.headings()]
        assert levels[0] == 1
        assert all(
            after - before <= 1 for before, after in zip(levels, levels[1:], strict=False)
        ), url


def test_unknown_article_is_404(client, db):
    response = client.get("/articles/999999/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_sources_page_lists_article_counts_and_health(client, make_source, make_article):
    healthy = make_source(name="NHK", last_fetched_at=timezone.now(), last_status=200)
    failing = make_source(
        name="Broken Gazette",
        last_fetched_at=timezone.now(),
        error_count=3,
        last_error_code="http_404",
    )
    make_source(name="Brand New")
    make_article(source=healthy)
    make_article(source=healthy)

    page = parse(client.get("/sources/"))

    rows = {row.plain for row in page.find_all("li", class_="source-row")}
    assert any(row.startswith("NHK 2 articles") and "Healthy" in row for row in rows)
    assert any(row.startswith("Broken Gazette 0 articles") and "http_404" in row for row in rows)
    assert any(row.startswith("Brand New 0 articles") and "Never fetched" in row for row in rows)
    assert page.find("a", href=f"/sources/{failing.id}/").plain == "Broken Gazette"


def test_source_page_shows_site_health_fetches_and_its_articles(client, make_source, make_article):
    source = make_source(
        name="Broken Gazette",
        site_url="https://gazette.example/",
        last_fetched_at=timezone.now() - timedelta(hours=2),
        last_status=404,
        error_count=2,
        last_error_code="http_404",
        last_error="The feed answered 404 Not Found.",
    )
    FetchLog.objects.create(source=source, status=404, error_code="http_404")
    mine = make_article(source=source, title="Our story")
    make_article(title="Someone else's story")

    response = client.get(f"/sources/{source.id}/")
    page = parse(response)
    text = text_of(response)

    assert page.find("h1").plain == "Broken Gazette"
    assert page.find("a", class_="site-link").attrs["href"] == "https://gazette.example/"
    assert "Failing: http_404" in text
    assert "2 hours ago (HTTP 404)" in text
    assert "The feed answered 404 Not Found." in text
    assert "Recent fetches" in text
    titles = [tag.plain for tag in page.find_all("h3", class_="card-title")]
    assert titles == [mine.title]
    assert client.get("/sources/999999/").status_code == 404


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
    assert f"http://testserver/articles/{article.id}/</link>" in body
    assert "Prisoners came home on Monday." in body
    assert article.url not in body


def test_body_paragraphs_are_numbered_for_links_from_summaries(client, make_article):
    article = make_article(
        content_html="<p>First <a href='https://x.example/'>link</a>.</p><ul><li>a</li></ul>",
        text="First link.\n\na",
        text_origin="feed",
    )
    page = parse(client.get(f"/articles/{article.id}/"))
    assert page.find("p", id="p-0").plain == "First link."
    assert page.find("a", href="https://x.example/")
    assert page.find("ul", id="p-1")
    mismatched = make_article(content_html="<p>One</p>", text="One\n\nTwo", text_origin="page")
    page = parse(client.get(f"/articles/{mismatched.id}/"))
    assert page.find("p", id="p-1").plain == "Two"
