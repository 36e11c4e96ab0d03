"""One feed entry made into an article ready to store: its text from the feed when the feed
has the whole article, else from the publisher's page (where robots.txt allows), with its
lead image's address, caption and credit (articles.images downloads the picture later, in
the background). Runs in the refresh's page workers: no database.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import UTC, datetime

from tidings.articles.canonical import canonical_url
from tidings.articles.store import IncomingArticle
from tidings.extract.article import extract_article, split_credit
from tidings.extract.sanitize import html_to_text, sanitize_html
from tidings.extract.types import ExtractedArticle
from tidings.fetch import FetchError, FetchPolicy, RobotsCache, fetch
from tidings.parse.types import ParsedEntry

# A feed's own content shorter than this is a teaser, and the page has the article.
FULL_TEXT_MIN_WORDS = 150
TEASER_ENDINGS = ("...", "…", "[…]", "[...]", "read more", "continue reading", "read the full")
# The kept page is read again only to re-extract it: gzip level 3 costs a third of the
# default level 9's CPU time for pages 13 % larger (measured on the extraction pages).
KEPT_PAGE_GZIP_LEVEL = 3

_robots: dict[FetchPolicy, RobotsCache] = {}


def robots_for(policy: FetchPolicy) -> RobotsCache:
    """One robots.txt cache per policy, shared by every refresh in this process."""
    if policy not in _robots:
        _robots[policy] = RobotsCache(policy)
    return _robots[policy]


def complete_entry(
    entry: ParsedEntry,
    fingerprint: str,
    policy: FetchPolicy,
    *,
    fetch_pages: bool = True,
    language: str = "",
) -> IncomingArticle:
    """Everything we will store about one entry. Runs in a worker thread: no database."""
    from_feed = feed_article(entry)
    page, page_html, page_error = ExtractedArticle(), b"", ""
    if from_feed is None and fetch_pages and entry.url:
        try:
            page, page_html = fetch_page(entry.url, policy)
        except FetchError as error:
            page_error = error.message
    body = choose_body(entry, from_feed, page)
    caption, credit = entry.image_caption, entry.image_credit
    if caption and not credit:
        caption, credit = split_credit(caption)
    image_url = entry.image_url or page.image_url
    return IncomingArticle(
        guid=entry.guid,
        url=entry.url,
        canonical_url=canonical_url(entry.url, page.canonical_url) if entry.url else "",
        title=entry.title or page.title or "(untitled)",
        entry_fingerprint=fingerprint,
        text_origin=body.origin,
        published=assume_utc(entry.published or page.published),
        updated=assume_utc(entry.updated or page.updated),
        author=entry.author or page.author,
        language=(entry.language or page.language or language)[:20],
        summary=html_to_text(sanitize_html(entry.summary_html, entry.url)),
        text=body.text,
        html=body.html,
        page_error=page_error,
        page_html=gzip.compress(page_html, KEPT_PAGE_GZIP_LEVEL) if page_html else b"",
        image_url=image_url,
        image_caption=caption or page.image_caption,
        image_credit=credit or page.image_credit,
        categories=entry.categories,
    )


def fetch_page(url: str, policy: FetchPolicy) -> tuple[ExtractedArticle, bytes]:
    """The article's page, extracted, where the publisher's robots.txt lets us read it, and
    the page itself, kept so that a better extractor can run on it again later."""
    if not robots_for(policy).allowed(url):
        raise FetchError("robots_disallowed", f"robots.txt of {url} does not allow fetching it")
    response = fetch(url, policy, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
    return extract_article(response.body, response.url, charset=response.charset), response.body


@dataclass
class Body:
    text: str
    html: str
    origin: str


def feed_article(entry: ParsedEntry) -> Body | None:
    """The feed's own content, when it is the whole article rather than a teaser."""
    if not entry.content_html:
        return None
    html = sanitize_html(entry.content_html, entry.url)
    text = html_to_text(html)
    if len(text.split()) < FULL_TEXT_MIN_WORDS or text.rstrip().lower().endswith(TEASER_ENDINGS):
        return None
    return Body(text=text, html=html, origin="feed")


def choose_body(entry: ParsedEntry, from_feed: Body | None, page: ExtractedArticle) -> Body:
    if from_feed is not None:
        return from_feed
    teaser_html = sanitize_html(entry.content_html or entry.summary_html, entry.url)
    teaser = html_to_text(teaser_html)
    if page.text and len(page.text) >= len(teaser):
        return Body(text=page.text, html=page.html, origin="page")
    if teaser:
        return Body(text=teaser, html=teaser_html, origin="summary")
    return Body(text="", html="", origin="none")


def assume_utc(moment: datetime | None) -> datetime | None:
    """Pages that give a time without its zone are read as UTC, the web's usual default."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
