"""The demo publishers' web site, built in memory from the bundled open data.

``tidings demo`` has no internet, so it plays the publishers itself: one RSS 2.0 feed
per outlet (``demo.rss``) and one realistic article page per story (``demo.pages``),
served from loopback by ``demo.server``. The feeds carry only a teaser, so the normal
pipeline has to fetch each page and extract it, exactly as it would for a real publisher.
The outlets and their stories come from the bundled collections (``demo.outlets``).

Everything here is pure: no database, no network, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from tidings.demo.bundle import CORPUS2_FILE, CORPUS_FILE, DATA_DIR
from tidings.demo.clock import replay
from tidings.demo.outlets import (
    Outlet,
    corpus_outlets,
    one_outlet_per_name,
    outlet_slugs,
    seed_outlets,
    uci_outlets,
)
from tidings.demo.pages import article_page, article_path, index_page, outlet_page
from tidings.demo.rss import feed_xml

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Resource:
    """One response the demo site can send."""

    content_type: str
    body: bytes
    modified: datetime  # sent as Last-Modified


@dataclass(frozen=True)
class DemoFeed:
    outlet: str
    url: str  # absolute
    items: int


@dataclass(frozen=True)
class DemoSite:
    base_url: str
    resources: dict[str, Resource]  # URL path ("/feeds/nhk.xml") -> response
    feeds: list[DemoFeed]
    seed_title: str = ""  # the seed page's main headline, when the seed is included
    shifts: dict[str, int] = field(default_factory=dict)  # days later than published
    published: tuple[date, date] | None = None  # the first and last day, before shifting


def build_demo_site(
    base_url: str,
    *,
    seed_dir: Path | None = None,
    shifts: dict[str, int] | None = None,
    now: datetime | None = None,
) -> DemoSite:
    """Every page and feed of the demo publishers, addressed under ``base_url``.

    With ``shifts`` (even empty), each collection's dates are moved forward, by the days
    it names or so that the newest is from the day before ``now`` (``demo.clock``)."""
    base_url = base_url.rstrip("/")
    collections: dict[str, list[Outlet]] = {}
    seed_title = ""
    if seed_dir is not None and (seed_dir / "articles.json").exists():
        collections["seed"], seed_title = seed_outlets(seed_dir / "articles.json")
    collections["wikinews-globalvoices"] = corpus_outlets((CORPUS_FILE,))
    collections["wikinews-usgov"] = corpus_outlets((CORPUS2_FILE,))
    collections["uci"] = uci_outlets()
    stories = [s for outlets in collections.values() for o in outlets for s in o.stories]
    published = (min(s.published for s in stories).date(), max(s.published for s in stories).date())
    if shifts is not None:
        shifts = replay(collections, shifts, now or datetime.now(UTC))
    outlets = [outlet for outlets in collections.values() for outlet in outlets]
    outlets = one_outlet_per_name(outlets)
    for outlet, slug in zip(outlets, outlet_slugs([o.name for o in outlets]), strict=True):
        outlet.slug = slug

    newest = max(story.published for outlet in outlets for story in outlet.stories)
    resources: dict[str, Resource] = {
        "/": Resource(HTML, index_page(outlets).encode(), newest),
        "/robots.txt": Resource(TEXT, b"User-agent: *\nAllow: /\n", newest),
        "/attribution.txt": Resource(TEXT, (DATA_DIR / "ATTRIBUTION.md").read_bytes(), newest),
    }
    feeds = []
    for outlet in outlets:
        outlet.stories.sort(key=lambda story: story.published, reverse=True)
        updated = outlet.stories[0].published
        feed_path = f"/feeds/{outlet.slug}.xml"
        resources[feed_path] = Resource(RSS, feed_xml(outlet, base_url), updated)
        resources[f"/outlets/{outlet.slug}/"] = Resource(
            HTML, outlet_page(outlet).encode(), updated
        )
        for story in outlet.stories:
            if story.has_page:
                page = article_page(outlet, story, base_url).encode()
                resources[article_path(outlet, story)] = Resource(HTML, page, story.published)
        feeds.append(DemoFeed(outlet.name, base_url + feed_path, len(outlet.stories)))
    return DemoSite(base_url, resources, feeds, seed_title, shifts or {}, published)
