from pathlib import Path
from urllib.parse import urlsplit

from tidings.demo.site import build_demo_site

from .conftest import BASE


def test_bundled_publishers_get_the_slugs_of_their_names(bundled_site):
    paths = {feed.outlet: urlsplit(feed.url).path for feed in bundled_site.feeds}
    assert paths["Reuters"] == "/feeds/reuters.xml"
    assert paths["Global Voices"] == "/feeds/global-voices.xml"
    assert len(set(paths.values())) == len(paths) == 7 + 853


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
