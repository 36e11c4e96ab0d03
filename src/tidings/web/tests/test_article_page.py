"""The article page: text, image, hashtags and related articles, whatever the publisher
gave."""

from tidings.articles.models import Article
from tidings.web.tests.html import parse, text_of


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

    figure_image = page.find("img", src="/media/thumbs/ab/pow-480.webp")
    assert figure_image.attrs["srcset"] == (
        "/media/thumbs/ab/pow-480.webp 480w, /media/thumbs/ab/pow-1200.webp 1200w"
    )
    assert (figure_image.attrs["width"], figure_image.attrs["height"]) == ("1200", "750")
    assert figure_image.attrs["alt"] == ""  # the caption under it says what it shows
    caption = page.find("figcaption")
    assert page.find("span", class_="caption").plain == article.image_caption
    assert page.find("span", class_="credit").plain == "AFP-JIJI"
    assert "|" in caption.plain
    assert page.find("a", class_="hashtag").attrs["href"] == "/hashtags/prisoners-of-war/"
    # The forms a reader without an account sees: the header's search and the AI panel's
    # question box (following and comments ask them to log in).
    assert [form.attrs["class"] for form in page.find_all("form")] == ["site-search", "ai-ask"]


def test_related_cards_show_outlet_time_byline_headline_and_text(client, seed_like_article):
    page = parse(client.get(f"/articles/{seed_like_article.id}/"))

    cards = page.find_all("article", class_="related-card")
    texts = [card.plain for card in cards]
    assert len(cards) == 2
    assert texts[0].startswith("NHK · an hour ago - NHK Ukraine expects more prisoner exchanges")
    assert "Kyiv said more exchanges of prisoners of war" in texts[0]
    assert texts[1].startswith("Japan Times · 3 hours ago - Japan Times Drone strikes hit Kyiv")
    assert not any("Arsenal" in text for text in texts)
    # A by-line is the article's author, never the outlet's name again where none is known.
    Article.objects.filter(author="Japan Times").update(author="")
    page = parse(client.get(f"/articles/{seed_like_article.id}/"))
    japan_times = page.find_all("article", class_="related-card")[1].plain
    assert japan_times.startswith("Japan Times · 3 hours ago Drone strikes hit Kyiv")
    assert [heading[0] for heading in page.headings()[4:]] == [3, 3, 2]  # the AI panel last


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


def test_caption_and_credit_never_show_without_their_picture(client, make_article):
    # The publisher's picture was not downloaded, or not yet resized: nothing of it shows.
    for image in ("", "images/2025/06/lead.jpg"):
        article = make_article(
            text="Body.",
            image=image,
            image_url="https://images.publisher.example/lead.jpg",
            image_caption="Rescuers at work in Odesa.",
            image_credit="Reuters",
        )

        response = client.get(f"/articles/{article.id}/")

        assert not parse(response).find_all("img")
        assert not parse(response).find_all("figcaption")
        assert "Rescuers at work" not in text_of(response)


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


def test_unknown_article_is_404(client, db):
    response = client.get("/articles/999999/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)
