from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from tidings.demo.bundle import CORPUS2_FILE, CORPUS_FILE, HEADLINES_FILE, read_jsonl_gz
from tidings.demo.site import DemoSite, build_demo_site

BASE = "http://127.0.0.1:8765"
# Both full-text corpora: they are served alike.
CORPUS = read_jsonl_gz(CORPUS_FILE) + read_jsonl_gz(CORPUS2_FILE)
HEADLINES = read_jsonl_gz(HEADLINES_FILE)


def parsed_feed(site: DemoSite, outlet: str):
    """The outlet's feed on ``site`` and that feed parsed, which must be well formed."""
    feed = next(feed for feed in site.feeds if feed.outlet == outlet)
    parsed = feedparser.parse(site.resources[urlsplit(feed.url).path].body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return feed, parsed


def page_body(site: DemoSite, url: str) -> bytes:
    return site.resources[urlsplit(url).path].body


@pytest.fixture(scope="session")
def seed_dir(shared_data: Path) -> Path:
    return shared_data.parent / "seed"


@pytest.fixture(scope="session")
def seed_articles(seed_dir: Path) -> dict:
    import json

    return json.loads((seed_dir / "articles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def bundled_site() -> DemoSite:
    return build_demo_site(BASE)


@pytest.fixture(scope="session")
def seeded_site(seed_dir: Path) -> DemoSite:
    return build_demo_site(BASE, seed_dir=seed_dir)


@pytest.fixture(scope="session")
def bundled_feeds(bundled_site: DemoSite) -> dict[str, feedparser.FeedParserDict]:
    """Every feed of the bundled site parsed once (there are 855), by outlet name."""
    parsed = {}
    for feed in bundled_site.feeds:
        parsed[feed.outlet] = feedparser.parse(bundled_site.resources[urlsplit(feed.url).path].body)
    return parsed
