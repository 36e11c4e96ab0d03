from collections import Counter

import pytest

from tidings.demo.outlets import caption_without, outlet_slugs, teaser

from .conftest import BASE, CORPUS, HEADLINES, parsed_feed


def test_corpus_articles_are_spread_over_their_outlets(bundled_feeds):
    expected = Counter(record["outlet"] for record in CORPUS)
    assert sum(expected.values()) == 58 + 111
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


def test_seed_articles_get_their_outlets_feeds_and_times(seeded_site, seed_articles):
    japan_times, parsed_jt = parsed_feed(seeded_site, "The Japan Times")
    nhk, parsed_nhk = parsed_feed(seeded_site, "NHK")
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


def test_single_paragraph_story_is_teased_with_its_first_sentence():
    story = ("First sentence here. Second one follows. Third.",)
    assert teaser(story) == "First sentence here."
    assert teaser(("Lead paragraph. Still lead.", "Second paragraph.")) == (
        "Lead paragraph. Still lead."
    )


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
