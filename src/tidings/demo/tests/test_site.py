from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import trafilatura
from lxml import html as lxml_html

from tidings.demo.bundle import CORPUS_FILE, HEADLINES_FILE, read_jsonl_gz
from tidings.demo.site import build_demo_site, caption_without, outlet_slugs, teaser

from .conftest import BASE

CORPUS = read_jsonl_gz(CORPUS_FILE)
HEADLINES = read_jsonl_gz(HEADLINES_FILE)


def _feed(site, outlet: str):
    feed = next(feed for feed in site.feeds if feed.outlet == outlet)
    parsed = feedparser.parse(site.resources[urlsplit(feed.url).path].body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return feed, parsed


def _page(site, url: str) -> bytes:
    return site.resources[urlsplit(url).path].body


def test_every_feed_is_valid_rss20_with_the_items_it_announces(bundled_site, bundled_feeds):
    for feed in bundled_site.feeds:
        parsed = bundled_feeds[feed.outlet]
        assert not parsed.bozo, (feed.outlet, parsed.get("bozo_exception"))
        assert parsed.version == "rss20"
        assert parsed.feed.title == feed.outlet
        assert parsed.feed.language == "en"
        assert len(parsed.entries) == feed.items > 0
        assert all(entry.published_parsed for entry in parsed.entries)


def test_corpus_articles_are_spread_over_their_outlets(bundled_feeds):
    expected = Counter(record["outlet"] for record in CORPUS)
    assert sum(expected.values()) == 58
    for outlet, count in expected.items():
        assert len(bundled_feeds[outlet].entries) == count


def test_every_uci_publisher_has_its_own_feed_with_exactly_its_headlines(bundled_feeds):
    """Ingest credits a feed's items to the feed's title, so a feed shared by publishers
    would credit their headlines to the wrong outlet."""
    by_publisher: dict[str, set[str]] = {}
    for record in HEADLINES:
        by_publisher.setdefault(record["outlet"], set()).add(record["url"])
    corpus_outlets = {record["outlet"] for record in CORPUS}
    assert len(by_publisher) == 853
    assert set(bundled_feeds) == set(by_publisher) | corpus_outlets
    for publisher, urls in by_publisher.items():
        assert {entry.link for entry in bundled_feeds[publisher].entries} == urls


def test_uci_items_are_headlines_linking_to_the_real_publisher(bundled_feeds):
    corpus_outlets = {record["outlet"] for record in CORPUS}
    entries = [
        entry
        for outlet, parsed in bundled_feeds.items()
        if outlet not in corpus_outlets
        for entry in parsed.entries
    ]
    assert len(entries) == 1557
    assert all(not entry.link.startswith(BASE) for entry in entries)
    assert all(entry.id == entry.link for entry in entries)
    assert all("description" not in entry and "source" not in entry for entry in entries)
    assert not any("&amp;" in entry.link for entry in entries)


def test_outlet_slugs_stay_plain_unless_empty_or_shared():
    names = ["Reuters", "Foo Bar", "foo-bar", "日本経済新聞", "Ведомости", "!!!"]
    slugs = outlet_slugs(names)
    assert len(set(slugs)) == len(names)
    assert slugs[0] == "reuters"
    assert slugs[1].startswith("foo-bar-") and slugs[2].startswith("foo-bar-")
    assert all(slug.startswith("outlet-") for slug in slugs[3:])
    assert all(slug.isascii() and slug == slug.lower() for slug in slugs)
    assert outlet_slugs(list(reversed(names))) == list(reversed(slugs))


def test_outlets_with_the_same_name_fail_loudly():
    with pytest.raises(ValueError, match="Reuters"):
        outlet_slugs(["Reuters", "Reuters", "AP"])


def test_bundled_publishers_get_the_slugs_of_their_names(bundled_site):
    paths = {feed.outlet: urlsplit(feed.url).path for feed in bundled_site.feeds}
    assert paths["Reuters"] == "/feeds/reuters.xml"
    assert paths["Global Voices"] == "/feeds/global-voices.xml"
    assert len(set(paths.values())) == len(paths) == 2 + 853


def test_no_feed_has_more_items_than_the_parse_stage_reads(bundled_site):
    from tidings.parse.feeds import MAX_ENTRIES

    assert max(feed.items for feed in bundled_site.feeds) <= MAX_ENTRIES


def test_corpus_items_carry_only_the_first_paragraph_and_link_to_local_pages(bundled_site):
    record = next(r for r in CORPUS if r["id"] == "globalvoices-78659")
    _, parsed = _feed(bundled_site, "Global Voices")
    entry = next(e for e in parsed.entries if e.title == record["title"])
    assert entry.link == f"{BASE}/articles/global-voices/globalvoices-78659.html"
    assert entry.summary == record["body"].split("\n\n")[0]
    assert [tag.term for tag in entry.tags] == record["tags"]
    assert entry.link in bundled_site.resources or urlsplit(entry.link).path in (
        bundled_site.resources
    )


def test_single_paragraph_story_is_teased_with_its_first_sentence():
    story = ("First sentence here. Second one follows. Third.",)
    assert teaser(story) == "First sentence here."
    assert teaser(("Lead paragraph. Still lead.", "Second paragraph.")) == (
        "Lead paragraph. Still lead."
    )


@pytest.mark.parametrize("record_id", ["wikinews-gum-stampede", "globalvoices-79204"])
def test_extracted_article_text_has_the_body_and_not_the_site_chrome(bundled_site, record_id):
    record = next(r for r in CORPUS if r["id"] == record_id)
    slug = "global-voices" if record_id.startswith("global") else "wikinews-english"
    page = _page(bundled_site, f"{BASE}/articles/{slug}/{record_id}.html").decode()

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
    page = _page(bundled_site, url)

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
        _page(bundled_site, f"{BASE}/articles/wikinews-english/wikinews-gum-stampede.html")
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
        _page(bundled_site, f"{BASE}/articles/global-voices/globalvoices-79204.html")
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


def test_every_local_link_in_the_feeds_is_served(bundled_site, bundled_feeds):
    for parsed in bundled_feeds.values():
        for entry in parsed.entries:
            if entry.link.startswith(BASE):
                assert urlsplit(entry.link).path in bundled_site.resources


def test_site_without_seed_has_no_seed_stories(
    bundled_site, bundled_feeds, seed_articles, tmp_path: Path
):
    seed_titles = {seed_articles["main"]["title"]}
    seed_titles |= {related["title"] for related in seed_articles["related"]}
    titles = {entry.title for parsed in bundled_feeds.values() for entry in parsed.entries}
    assert not titles & seed_titles
    assert "NHK" not in bundled_feeds
    assert bundled_site.seed_title == ""
    empty_seed = build_demo_site(BASE, seed_dir=tmp_path)
    assert [feed.outlet for feed in empty_seed.feeds] == [
        feed.outlet for feed in bundled_site.feeds
    ]


def test_seed_articles_get_their_outlets_feeds_and_times(seeded_site, seed_articles):
    japan_times, parsed_jt = _feed(seeded_site, "The Japan Times")
    nhk, parsed_nhk = _feed(seeded_site, "NHK")
    assert japan_times.url == f"{BASE}/feeds/the-japan-times.xml"
    assert nhk.url == f"{BASE}/feeds/nhk.xml"
    # The Japan Times is also a UCI publisher: one outlet, one feed for both.
    assert [feed.outlet for feed in seeded_site.feeds].count("The Japan Times") == 1
    assert {e.title for e in parsed_jt.entries} == {
        seed_articles["main"]["title"],
        "Drone strikes hit Kyiv and maternity ward in Odesa, Ukraine says",
        "Colorado pot taxes rake in $2 million",
    }
    assert len(parsed_nhk.entries) == 2
    main = next(e for e in parsed_jt.entries if e.title == seed_articles["main"]["title"])
    assert main.published == "Mon, 09 Jun 2025 23:30:00 GMT"
    assert main.summary == seed_articles["main"]["paragraphs"][0]
    assert seeded_site.seed_title == seed_articles["main"]["title"]


def test_seed_main_article_figure_follows_its_paragraph_with_caption_and_credit(
    seeded_site, seed_articles
):
    main = seed_articles["main"]
    _, parsed = _feed(seeded_site, "The Japan Times")
    link = next(e.link for e in parsed.entries if e.title == main["title"])
    tree = lxml_html.fromstring(_page(seeded_site, link))

    (figure,) = tree.xpath("//article/figure")
    (caption,) = figure.xpath("./figcaption")
    assert caption.text.strip() == main["image"]["caption"]
    assert caption.xpath("./span[@class='credit']/text()") == ["AFP-JIJI"]
    before = figure.xpath("preceding-sibling::p[not(@class)]")
    assert len(before) == main["image"]["after_paragraph"]
    assert before[-1].text == main["paragraphs"][main["image"]["after_paragraph"] - 1]


def test_seed_article_extracts_to_its_full_text(seeded_site, seed_articles):
    _, parsed = _feed(seeded_site, "NHK")
    related = seed_articles["related"][0]
    link = next(e.link for e in parsed.entries if e.title == related["title"])
    text = trafilatura.extract(_page(seeded_site, link).decode())
    assert related["text"] in text


@pytest.mark.parametrize(
    ("caption", "credit", "expected"),
    [
        (
            "Orkut's Debut to Indian Diwali - 2006, Image by B from Flickr",
            "Image by B from Flickr",
            "Orkut's Debut to Indian Diwali - 2006",
        ),
        ("Art: L. Matsuzaki and M. Lettis", "Art: L. Matsuzaki and M. Lettis", ""),
        (
            "Braverman and Sunak on October 25, 2022.",
            "UK Government",
            "Braverman and Sunak on October 25, 2022.",
        ),
    ],
)
def test_a_credit_repeated_in_the_caption_is_shown_once(caption, credit, expected):
    assert caption_without(caption, credit) == expected
