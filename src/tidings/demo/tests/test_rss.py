from urllib.parse import urlsplit

from .conftest import BASE, CORPUS, parsed_feed


def test_every_feed_is_valid_rss20_with_the_items_it_announces(bundled_site, bundled_feeds):
    for feed in bundled_site.feeds:
        parsed = bundled_feeds[feed.outlet]
        assert not parsed.bozo, (feed.outlet, parsed.get("bozo_exception"))
        assert parsed.version == "rss20"
        assert parsed.feed.title == feed.outlet
        languages = {
            record.get("language", "en") for record in CORPUS if record["outlet"] == feed.outlet
        }
        assert parsed.feed.language == (languages.pop() if languages else "en")
        assert len(parsed.entries) == feed.items > 0
        assert all(entry.published_parsed for entry in parsed.entries)


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


def test_no_feed_has_more_items_than_the_parse_stage_reads(bundled_site):
    from tidings.parse.feeds import MAX_ENTRIES

    assert max(feed.items for feed in bundled_site.feeds) <= MAX_ENTRIES


def test_corpus_items_carry_only_the_first_paragraph_and_link_to_local_pages(bundled_site):
    record = next(r for r in CORPUS if r["id"] == "globalvoices-78659")
    _, parsed = parsed_feed(bundled_site, "Global Voices")
    entry = next(e for e in parsed.entries if e.title == record["title"])
    assert entry.link == f"{BASE}/articles/global-voices/globalvoices-78659.html"
    assert entry.summary == record["body"].split("\n\n")[0]
    assert [tag.term for tag in entry.tags] == record["tags"]
    assert entry.link in bundled_site.resources or urlsplit(entry.link).path in (
        bundled_site.resources
    )
