from urllib.parse import urlsplit

import pytest
import trafilatura
from lxml import html as lxml_html

from .conftest import BASE, CORPUS, page_body, parsed_feed


@pytest.mark.parametrize("record_id", ["wikinews-gum-stampede", "globalvoices-79204"])
def test_extracted_article_text_has_the_body_and_not_the_site_chrome(bundled_site, record_id):
    record = next(r for r in CORPUS if r["id"] == record_id)
    slug = "global-voices" if record_id.startswith("global") else "wikinews-english"
    page = page_body(bundled_site, f"{BASE}/articles/{slug}/{record_id}.html").decode()

    text = trafilatura.extract(page)

    paragraphs = [p for p in record["body"].split("\n\n") if p.strip()]
    for paragraph in paragraphs:
        assert paragraph.strip()[:80] in text
    for chrome in ("All demo outlets", "Sources and licences", "served from the bundled demo"):
        assert chrome in page
        assert chrome not in text
    assert "More from" not in text


def test_article_page_metadata_names_title_date_canonical_and_publisher(bundled_site):
    record = next(r for r in CORPUS if r["id"] == "globalvoices-78619")
    url = f"{BASE}/articles/global-voices/globalvoices-78619.html"
    page = page_body(bundled_site, url)

    metadata = trafilatura.extract_metadata(page.decode())
    tree = lxml_html.fromstring(page)

    assert metadata.title == record["title"]
    assert metadata.author == record["author"]
    assert metadata.date == "2009-06-05"
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert tree.xpath("//meta[@property='og:type']/@content") == ["article"]
    assert tree.xpath("//meta[@property='article:published_time']/@content") == [
        "2009-06-05T16:00:18Z"
    ]
    assert '"@type": "NewsArticle"' in page.decode()
    assert tree.xpath("//article//img") == []


def test_licence_and_original_link_are_in_the_footer_outside_the_article(bundled_site):
    record = next(r for r in CORPUS if r["id"] == "wikinews-gum-stampede")
    tree = lxml_html.fromstring(
        page_body(bundled_site, f"{BASE}/articles/wikinews-english/wikinews-gum-stampede.html")
    )
    footer = tree.xpath("//footer")[0]
    assert footer.xpath(".//a[@rel='license']/@href") == [
        "https://creativecommons.org/licenses/by/2.5/"
    ]
    assert record["url"] in footer.xpath(".//a/@href")
    assert "Converted to plain text" in footer.text_content()
    assert "Wikinews contributors" not in tree.xpath("//article")[0].text_content()


def test_corpus_caption_becomes_a_figure_without_an_invented_image(bundled_site):
    record = next(r for r in CORPUS if r["id"] == "globalvoices-79204")
    tree = lxml_html.fromstring(
        page_body(bundled_site, f"{BASE}/articles/global-voices/globalvoices-79204.html")
    )
    (caption,) = tree.xpath("//article/figure/figcaption")
    # The whole caption is the credit here, so the credit alone is shown.
    assert record["image_caption"] == record["image_credit"]
    assert (caption.text or "").strip() == ""
    assert caption.xpath("./span[@class='credit']/text()") == [record["image_credit"]]
    assert tree.xpath("//img") == []


def test_outlet_pages_announce_their_feed_and_index_lists_every_outlet(bundled_site):
    index = lxml_html.fromstring(bundled_site.resources["/"].body)
    for feed in bundled_site.feeds:
        path = urlsplit(feed.url).path
        slug = path.removeprefix("/feeds/").removesuffix(".xml")
        home = lxml_html.fromstring(bundled_site.resources[f"/outlets/{slug}/"].body)
        assert home.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == [path]
        assert f"/outlets/{slug}/" in index.xpath("//main//a/@href")
    assert b"Allow: /" in bundled_site.resources["/robots.txt"].body


def test_seed_main_article_figure_follows_its_paragraph_with_caption_and_credit(
    seeded_site, seed_articles
):
    main = seed_articles["main"]
    _, parsed = parsed_feed(seeded_site, "The Japan Times")
    link = next(e.link for e in parsed.entries if e.title == main["title"])
    tree = lxml_html.fromstring(page_body(seeded_site, link))

    (figure,) = tree.xpath("//article/figure")
    (caption,) = figure.xpath("./figcaption")
    assert caption.text.strip() == main["image"]["caption"]
    assert caption.xpath("./span[@class='credit']/text()") == ["AFP-JIJI"]
    before = figure.xpath("preceding-sibling::p[not(@class)]")
    assert len(before) == main["image"]["after_paragraph"]
    assert before[-1].text == main["paragraphs"][main["image"]["after_paragraph"] - 1]


def test_seed_article_extracts_to_its_full_text(seeded_site, seed_articles):
    _, parsed = parsed_feed(seeded_site, "NHK")
    related = seed_articles["related"][0]
    link = next(e.link for e in parsed.entries if e.title == related["title"])
    text = trafilatura.extract(page_body(seeded_site, link).decode())
    assert related["text"] in text
