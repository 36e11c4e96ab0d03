"""The demo publishers' web site, built in memory from the bundled open data.

``tidings demo`` has no internet, so it plays the publishers itself: one RSS 2.0 feed
per outlet and one realistic article page per story, served from loopback by
``demo.server``. The feeds carry only a teaser, so the normal pipeline has to fetch
each page and extract it, exactly as it would for a real publisher.

Three sources of stories:

1. Wikinews and Global Voices articles (CC BY), full text, with local article pages.
2. UCI News Aggregator headlines (CC BY 4.0): one outlet per publisher, with
   headline-only items that link to the real publishers' pages, which cannot be fetched
   offline.
3. The seed page's four articles, only when a seed folder is given (development and
   tests). Their text belongs to their publishers, so it is read from that folder at
   run time and never bundled.

Everything here is pure: no database, no network, no clock.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree

from django.utils.text import slugify

from tidings.demo.bundle import CORPUS_FILE, DATA_DIR, HEADLINES_FILE, read_jsonl_gz

# The seed's related cards say "Japan Times"; the main article's outlet is assumed to be
# The Japan Times, and both belong in one feed.
_SEED_OUTLET_NAMES = {"Japan Times": "The Japan Times"}

_LICENCES = {
    "CC BY 2.5": "https://creativecommons.org/licenses/by/2.5/",
    "CC BY 3.0": "https://creativecommons.org/licenses/by/3.0/",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
}
_UCI_DATASET_URL = "https://archive.ics.uci.edu/dataset/359/news+aggregator"
_ATOM_NS = "http://www.w3.org/2005/Atom"
ElementTree.register_namespace("atom", _ATOM_NS)

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


@dataclass(frozen=True)
class Figure:
    caption: str
    credit: str
    after_paragraph: int  # the figure follows this many body paragraphs


@dataclass(frozen=True)
class Credit:
    """What the page footer must say about where the text came from."""

    text: str  # attribution sentence, plain text
    licence: str = ""  # "CC BY 2.5"; empty when the text is not openly licensed
    original_url: str = ""


@dataclass(frozen=True)
class Story:
    key: str  # unique within its outlet; names the local page
    title: str
    published: datetime
    published_iso: str  # as precise as the source: a date alone stays a date
    paragraphs: tuple[str, ...] = ()  # empty for headline-only items
    author: str = ""
    tags: tuple[str, ...] = ()
    figure: Figure | None = None
    credit: Credit | None = None
    external_url: str = ""  # headline-only items link to the real publisher

    @property
    def has_page(self) -> bool:
        return not self.external_url


@dataclass
class Outlet:
    name: str
    description: str
    language: str = "en"
    stories: list[Story] = field(default_factory=list)
    # Names the outlet's feed and pages. Only the whole list of outlets can tell whether
    # a name's slug is taken, so build_demo_site sets it with outlet_slugs().
    slug: str = ""


def build_demo_site(base_url: str, *, seed_dir: Path | None = None) -> DemoSite:
    """Every page and feed of the demo publishers, addressed under ``base_url``."""
    base_url = base_url.rstrip("/")
    outlets = corpus_outlets() + uci_outlets()
    seed_title = ""
    if seed_dir is not None and (seed_dir / "articles.json").exists():
        seeded, seed_title = seed_outlets(seed_dir / "articles.json")
        outlets = _one_outlet_per_name(seeded + outlets)
    for outlet, slug in zip(outlets, outlet_slugs([o.name for o in outlets]), strict=True):
        outlet.slug = slug

    newest = max(story.published for outlet in outlets for story in outlet.stories)
    resources: dict[str, Resource] = {
        "/": Resource(HTML, _index_page(outlets).encode(), newest),
        "/robots.txt": Resource(TEXT, b"User-agent: *\nAllow: /\n", newest),
        "/attribution.txt": Resource(TEXT, (DATA_DIR / "ATTRIBUTION.md").read_bytes(), newest),
    }
    feeds = []
    for outlet in outlets:
        outlet.stories.sort(key=lambda story: story.published, reverse=True)
        updated = outlet.stories[0].published
        feed_path = f"/feeds/{outlet.slug}.xml"
        resources[feed_path] = Resource(RSS, _feed_xml(outlet, base_url), updated)
        resources[f"/outlets/{outlet.slug}/"] = Resource(
            HTML, _outlet_page(outlet).encode(), updated
        )
        for story in outlet.stories:
            if story.has_page:
                page = _article_page(outlet, story, base_url).encode()
                resources[_article_path(outlet, story)] = Resource(HTML, page, story.published)
        feeds.append(DemoFeed(outlet.name, base_url + feed_path, len(outlet.stories)))
    return DemoSite(base_url, resources, feeds, seed_title)


# -- the stories, from each source ---------------------------------------------------------


def corpus_outlets(path: Path = CORPUS_FILE) -> list[Outlet]:
    """Wikinews and Global Voices, one outlet each, full text with figure captions."""
    outlets: dict[str, Outlet] = {}
    for record in read_jsonl_gz(path):
        outlet = outlets.setdefault(
            record["outlet"],
            Outlet(record["outlet"], f"{record['outlet']} articles ({record['license']})"),
        )
        figure = None
        if record["image_caption"]:
            credit = record["image_credit"] or ""
            figure = Figure(caption_without(record["image_caption"], credit), credit, 1)
        outlet.stories.append(
            Story(
                key=record["id"],
                title=record["title"],
                published=_as_utc(record["published"]),
                published_iso=_iso(record["published"]),
                paragraphs=tuple(p.strip() for p in record["body"].split("\n\n") if p.strip()),
                author=record["author"],
                tags=tuple(record["tags"]),
                figure=figure,
                credit=Credit(
                    record["attribution"] + " Converted to plain text, then to HTML.",
                    record["license"],
                    record["url"],
                ),
            )
        )
    return list(outlets.values())


def uci_outlets(path: Path = HEADLINES_FILE) -> list[Outlet]:
    """The UCI headlines, one outlet per publisher, the busiest first.

    Ingest takes a feed's title as the outlet of all its items, so publishers cannot
    share a feed without being credited under the shared feed's name."""
    by_publisher: dict[str, list[dict]] = {}
    for record in read_jsonl_gz(path):
        by_publisher.setdefault(record["outlet"], []).append(record)
    ranked = sorted(by_publisher, key=lambda name: (-len(by_publisher[name]), name))
    outlets = []
    for name in ranked:
        outlet = Outlet(
            name,
            f"{name} headlines from the UCI News Aggregator data set (CC BY 4.0), 10-12 March 2014",
        )
        outlet.stories = [_headline(record) for record in by_publisher[name]]
        outlets.append(outlet)
    return outlets


def _headline(record: dict) -> Story:
    return Story(
        key=record["url"],
        title=record["title"],
        published=_as_utc(record["published"]),
        published_iso=record["published"],
        external_url=record["url"],
    )


def seed_outlets(articles_json: Path) -> tuple[list[Outlet], str]:
    """The seed page's four articles, for development and tests only (never bundled), and
    the main article's headline."""
    seed = json.loads(articles_json.read_text(encoding="utf-8"))
    outlets: dict[str, Outlet] = {}

    def outlet_named(name: str) -> Outlet:
        name = _SEED_OUTLET_NAMES.get(name, name)
        return outlets.setdefault(name, Outlet(name, f"{name} (seed copy, development only)"))

    not_ours = Credit("Text © its publisher; a local development copy, not for redistribution.")
    main = seed["main"]
    image = main.get("image")
    outlet_named(main["outlet"]).stories.append(
        Story(
            key=slugify(main["title"]),
            title=main["title"],
            published=_as_utc(main["published"]),
            published_iso=main["published"],
            paragraphs=tuple(main["paragraphs"]),
            figure=Figure(image["caption"], image["credit"], image["after_paragraph"])
            if image
            else None,
            credit=not_ours,
        )
    )
    for related in seed["related"]:
        outlet_named(related["outlet"]).stories.append(
            Story(
                key=slugify(related["title"]),
                title=related["title"],
                published=_as_utc(related["published"]),
                published_iso=related["published"],
                paragraphs=(related["text"],),
                credit=not_ours,
            )
        )
    return list(outlets.values()), main["title"]


def _one_outlet_per_name(outlets: list[Outlet]) -> list[Outlet]:
    """Merge outlets of the same name, in first-seen order: The Japan Times is both a seed
    outlet and a UCI publisher, and one publisher has one feed."""
    merged: dict[str, Outlet] = {}
    for outlet in outlets:
        same = merged.setdefault(outlet.name, outlet)
        if same is not outlet:
            same.stories += outlet.stories
            same.description = f"{same.description}; {outlet.description}"
    return list(merged.values())


def _as_utc(value: str) -> datetime:
    """Parse an ISO date or datetime; the sources without a zone are UTC."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _iso(value: str) -> str:
    """The published time for pages, as precise as the source and marked as UTC."""
    if "T" not in value or value.endswith("Z") or "+" in value:
        return value
    return value + "Z"


def outlet_slugs(names: list[str]) -> list[str]:
    """A URL slug for each outlet name, in order, unique among them.

    A name keeps its plain slug unless the slug is empty (a name in non-Latin script or
    only punctuation) or other names share it; then each such name gets a short hash of
    itself appended, so its slug does not depend on the order of the names. Identical
    names cannot be told apart and raise ValueError, as would a hash collision."""
    plain = [slugify(name) for name in names]
    uses = Counter(plain)
    slugs = [
        slug if slug and uses[slug] == 1 else f"{slug or 'outlet'}-{_short_hash(name)}"
        for name, slug in zip(names, plain, strict=True)
    ]
    uses = Counter(slugs)
    clashes = sorted({name for name, slug in zip(names, slugs, strict=True) if uses[slug] > 1})
    if clashes:
        raise ValueError(f"demo outlets whose names give the same URL slug: {clashes}")
    return slugs


def _short_hash(name: str) -> str:
    return hashlib.blake2b(name.encode(), digest_size=4).hexdigest()


# -- RSS -----------------------------------------------------------------------------------


def _feed_xml(outlet: Outlet, base_url: str) -> bytes:
    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    _text(channel, "title", outlet.name)
    _text(channel, "link", f"{base_url}/outlets/{outlet.slug}/")
    _text(channel, "description", outlet.description)
    _text(channel, "language", outlet.language)
    _text(channel, "lastBuildDate", _rfc822(outlet.stories[0].published))
    _text(channel, "generator", "tidings demo")
    ElementTree.SubElement(
        channel,
        f"{{{_ATOM_NS}}}link",
        href=f"{base_url}/feeds/{outlet.slug}.xml",
        rel="self",
        type="application/rss+xml",
    )
    for story in outlet.stories:
        link = story.external_url or base_url + _article_path(outlet, story)
        item = ElementTree.SubElement(channel, "item")
        _text(item, "title", story.title)
        _text(item, "link", link)
        _text(item, "guid", link).set("isPermaLink", "true")
        _text(item, "pubDate", _rfc822(story.published))
        if story.paragraphs:
            _text(item, "description", teaser(story.paragraphs))
        for tag in story.tags:
            _text(item, "category", tag)
    ElementTree.indent(rss)
    return ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = text
    return element


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z0-9])")


def teaser(paragraphs: tuple[str, ...]) -> str:
    """The feed's description: the first paragraph, or the first sentence when the story
    is a single paragraph, so that the full text is only on the page."""
    first = paragraphs[0]
    if len(paragraphs) > 1:
        return first
    sentences = _SENTENCE_END.split(first, maxsplit=1)
    return sentences[0]


# -- HTML ----------------------------------------------------------------------------------


def _article_path(outlet: Outlet, story: Story) -> str:
    return f"/articles/{outlet.slug}/{story.key}.html"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _human_date(story: Story) -> str:
    if "T" not in story.published_iso:
        return f"{story.published.day} {story.published:%B %Y}"
    return f"{story.published.day} {story.published:%B %Y, %H:%M} UTC"


def _site_header(outlet: Outlet | None) -> str:
    brand = outlet.name if outlet else "tidings demo publishers"
    home = f"/outlets/{outlet.slug}/" if outlet else "/"
    feed = f'<li><a href="/feeds/{outlet.slug}.xml">RSS feed</a></li>' if outlet else ""
    return (
        '<header class="site-header">\n'
        f'<a class="brand" href="{home}">{_e(brand)}</a>\n'
        '<nav aria-label="Site"><ul>'
        '<li><a href="/">All demo outlets</a></li>'
        f'<li><a href="{home}">Latest stories</a></li>{feed}'
        '<li><a href="/attribution.txt">Sources and licences</a></li>'
        "</ul></nav>\n</header>\n"
    )


_FOOTER_NOTE = (
    '<p class="site-note">This site is served from the bundled demo data of tidings, '
    "on this computer only. Nothing here is fetched from the internet.</p>"
)


def _page(title: str, head_extra: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n{head_extra}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _article_page(outlet: Outlet, story: Story, base_url: str) -> str:
    page_url = base_url + _article_path(outlet, story)
    feed_url = f"{base_url}/feeds/{outlet.slug}.xml"
    credit = story.credit or Credit("")
    licence_url = _LICENCES.get(credit.licence, "")

    structured: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published_iso,
        "inLanguage": outlet.language,
        "mainEntityOfPage": page_url,
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    if story.author:
        structured["author"] = {"@type": "Person", "name": story.author}
    if licence_url:
        structured["license"] = licence_url
    if credit.original_url:
        structured["isBasedOn"] = credit.original_url
    json_ld = json.dumps(structured, ensure_ascii=False).replace("</", "<\\/")

    head = [
        f'<meta name="description" content="{_e(teaser(story.paragraphs))}">',
        f'<link rel="canonical" href="{_e(page_url)}">',
        f'<link rel="alternate" type="application/rss+xml" title="{_e(outlet.name)}" '
        f'href="{_e(feed_url)}">',
        f'<meta property="og:title" content="{_e(story.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{_e(page_url)}">',
        f'<meta property="og:site_name" content="{_e(outlet.name)}">',
        f'<meta property="article:published_time" content="{_e(story.published_iso)}">',
        *(f'<meta property="article:tag" content="{_e(tag)}">' for tag in story.tags),
    ]
    if story.author:
        head.append(f'<meta name="author" content="{_e(story.author)}">')
    head.append(f'<script type="application/ld+json">{json_ld}</script>')

    byline = f'By <span class="author">{_e(story.author)}</span> · ' if story.author else ""
    article = [
        "<article>",
        f"<h1>{_e(story.title)}</h1>",
        f'<p class="byline">{byline}<time datetime="{_e(story.published_iso)}">'
        f"{_human_date(story)}</time></p>",
    ]
    for number, paragraph in enumerate(story.paragraphs, start=1):
        article.append(f"<p>{_e(paragraph)}</p>")
        if story.figure and number == story.figure.after_paragraph:
            article.append(_figure(story.figure))
    article.append("</article>")

    others = [other for other in outlet.stories if other is not story and other.has_page][:5]
    aside = ""
    if others:
        links = "".join(
            f'<li><a href="{_article_path(outlet, other)}">{_e(other.title)}</a></li>'
            for other in others
        )
        aside = f'<aside class="more-stories">\n<h2>More from {_e(outlet.name)}</h2>\n'
        aside += f"<ul>{links}</ul>\n</aside>\n"

    body = (
        _site_header(outlet)
        + "<main>\n"
        + "\n".join(article)
        + "\n"
        + aside
        + "</main>\n"
        + '<footer class="site-footer">\n'
        + _credit_html(credit, licence_url)
        + _FOOTER_NOTE
        + "\n</footer>\n"
    )
    return _page(f"{story.title} | {outlet.name}", "\n".join(head) + "\n", body)


def caption_without(caption: str, credit: str) -> str:
    """The corpus keeps some credits inside the caption too ("..., Image by X"); a page
    shows each once."""
    stripped = caption.strip()
    if credit and stripped.rstrip(".").endswith(credit.rstrip(".")):
        stripped = stripped.rstrip(".")[: -len(credit.rstrip("."))].rstrip(" ,;:-")
    return stripped


def _figure(figure: Figure) -> str:
    """A figure with its caption and credit only: the data has no image file, and a
    made-up <img> would be worse than none."""
    credit = f' <span class="credit">{_e(figure.credit)}</span>' if figure.credit else ""
    return f"<figure>\n<figcaption>{_e(figure.caption)}{credit}</figcaption>\n</figure>"


def _credit_html(credit: Credit, licence_url: str) -> str:
    parts = [_e(credit.text)]
    if credit.original_url:
        parts.append(
            f'Original: <a href="{_e(credit.original_url)}">{_e(credit.original_url)}</a>.'
        )
    if licence_url:
        parts.append(f'Licence: <a rel="license" href="{licence_url}">{_e(credit.licence)}</a>.')
    return f'<p class="licence">{" ".join(parts)}</p>\n'


def _outlet_page(outlet: Outlet) -> str:
    feed = f"/feeds/{outlet.slug}.xml"
    head = (
        f'<link rel="alternate" type="application/rss+xml" title="{_e(outlet.name)}" '
        f'href="{feed}">\n'
    )
    items = []
    for story in outlet.stories:
        href = story.external_url or _article_path(outlet, story)
        when = f'<time datetime="{_e(story.published_iso)}">{_human_date(story)}</time>'
        items.append(f'<li><a href="{_e(href)}">{_e(story.title)}</a> {when}</li>')
    body = (
        _site_header(outlet)
        + f"<main>\n<h1>{_e(outlet.name)}</h1>\n<p>{_e(outlet.description)}</p>\n"
        + f'<p><a href="{feed}">Subscribe to the RSS feed</a></p>\n'
        + "<ul>\n"
        + "\n".join(items)
        + "\n</ul>\n</main>\n"
        + f'<footer class="site-footer">\n{_FOOTER_NOTE}\n</footer>\n'
    )
    return _page(outlet.name, head, body)


def _index_page(outlets: list[Outlet]) -> str:
    rows = "\n".join(
        f'<li><a href="/outlets/{outlet.slug}/">{_e(outlet.name)}</a> '
        f'(<a href="/feeds/{outlet.slug}.xml">feed</a>, {len(outlet.stories)} stories)</li>'
        for outlet in outlets
    )
    body = (
        _site_header(None)
        + "<main>\n<h1>Demo publishers</h1>\n"
        + "<p>Openly licensed news from Wikinews (CC BY 2.5) and Global Voices (CC BY 3.0), "
        + f'and headlines from the <a href="{_UCI_DATASET_URL}">UCI News Aggregator</a> '
        + 'data set (CC BY 4.0). See <a href="/attribution.txt">sources and licences</a>.</p>\n'
        + f"<ul>\n{rows}\n</ul>\n</main>\n"
        + f'<footer class="site-footer">\n{_FOOTER_NOTE}\n</footer>\n'
    )
    return _page("tidings demo publishers", "", body)
