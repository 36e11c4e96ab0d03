"""What a page says about itself: JSON-LD, OpenGraph and <meta> tags, <link rel=canonical>.

Publishers state their headline, author, dates and lead image for search engines and
social networks far more reliably than any layout heuristic can find them, so these come
first and trafilatura's guesses only fill the gaps.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import lxml.html

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "report",
    "techarticle", "scholarlyarticle", "liveblogposting", "socialmediaposting", "posting",
    "advertisercontentarticle", "satiricalarticle", "review", "medicalscholarlyarticle",
}  # fmt: skip
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished",
    "article.published", "publish-date", "publish_date", "pubdate", "parsely-pub-date",
    "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "date",
    "cxenseparse:recs:publishtime", "originalpublicationdate",
)  # fmt: skip
UPDATED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "article.updated", "last-modified", "dcterms.modified", "dc.date.modified",
)  # fmt: skip
AUTHOR_META = (
    "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "cxenseparse:author",
)  # fmt: skip
# Before the web there were no web pages; earlier years are a template's placeholder.
_EARLIEST_YEAR = 1990
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]+\s+|\s+::\s+")


@dataclass
class PageMetadata:
    title: str = ""
    site_name: str = ""
    author: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    description: str = ""
    canonical_url: str = ""
    language: str = ""
    image_url: str = ""
    image_caption: str = ""  # from JSON-LD ImageObject, when the page gives one
    image_credit: str = ""
    article_body: str = ""  # JSON-LD articleBody, a check on what extraction finds


def read_metadata(tree: lxml.html.HtmlElement, url: str | None) -> PageMetadata:
    """Everything the page states about itself, JSON-LD first, then <meta> and <link>."""
    meta = _meta_tags(tree)
    article = _json_ld_article(tree)
    base = url or ""
    canonical = _first_link(tree, "canonical") or meta.get("og:url", "")
    canonical_url = _absolute(canonical, base) if canonical else ""
    base = url or canonical_url

    site_name = _text(meta.get("og:site_name")) or _publisher_name(article)
    headlines = [
        _text(article.get("headline")),
        _text(article.get("name")),
        _text(meta.get("og:title")),
        _text(meta.get("twitter:title")),
        _text(tree.findtext(".//title")),
    ]
    image = _json_ld_image(article.get("image") or article.get("thumbnailUrl"))
    image_url = (
        meta.get("og:image")
        or meta.get("og:image:url")
        or meta.get("og:image:secure_url")
        or image.get("url", "")
        or meta.get("twitter:image")
        or meta.get("twitter:image:src")
        or _first_link(tree, "image_src")
    )
    return PageMetadata(
        title=clean_title(
            [h for h in headlines if h], site_name, _h1_texts(tree), urlsplit(base).hostname or ""
        ),
        site_name=site_name,
        author=_author(article, meta, tree),
        published=_first_date(
            [
                article.get("datePublished"),
                article.get("dateCreated"),
                *(meta.get(name) for name in PUBLISHED_META),
                *_itemprop_dates(tree, "datePublished"),
                *_time_elements(tree),
            ]
        ),
        updated=_first_date(
            [
                article.get("dateModified"),
                *(meta.get(name) for name in UPDATED_META),
                *_itemprop_dates(tree, "dateModified"),
            ]
        ),
        description=_text(
            meta.get("og:description") or meta.get("description") or article.get("description")
        ),
        canonical_url=canonical_url,
        language=_language(tree, meta, article),
        image_url=_absolute(image_url, base) if image_url else "",
        image_caption=image.get("caption", ""),
        image_credit=image.get("credit", ""),
        article_body=_multiline_text(article.get("articleBody")),
    )


def clean_title(candidates: list[str], site_name: str, h1_texts: list[str], host: str = "") -> str:
    """The headline alone: without " | Site Name" and the like.

    1. A candidate that an <h1> on the page repeats exactly is the headline.
    2. Otherwise cut the candidate at its separators and drop the parts that name the
       site: its og:site_name, or a word of its host name ("Entermedia" on entermedia.co.kr).
    """
    if not candidates:
        return h1_texts[0] if len(h1_texts) == 1 else ""
    h1_keys = {_key(text): text for text in h1_texts}
    for candidate in candidates:
        if _key(candidate) in h1_keys:
            return h1_keys[_key(candidate)]
    title = candidates[0]
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    for h1 in h1_texts:
        if any(_key(part) == _key(h1) for part in parts):
            return h1
    site_keys = {_key(site_name), _key(host)} | {
        label for label in host.lower().split(".") if len(label) >= 4 and label != "www"
    }
    site_keys.discard("")
    kept = [part for part in parts if not _names_site(part, site_keys)]
    if kept and len(kept) < len(parts):
        # Keep the original separators between the parts that stay.
        first, last = kept[0], kept[-1]
        return title[title.index(first) : title.rindex(last) + len(last)]
    return title


def parse_date(value: object) -> datetime | None:
    """An ISO 8601 or RFC 2822 date; aware when the text gives its zone, naive otherwise."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso = re.sub(r"(\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(?:UTC|GMT)$", r"\1+00:00", text)
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta> content by lower-cased property/name/itemprop; the first of each name wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            name = element.get(attribute)
            if name:
                found.setdefault(name.strip().lower(), content.strip())
    return found


def _first_link(tree: lxml.html.HtmlElement, rel: str) -> str:
    for link in tree.iter("link"):
        if rel in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href", "").strip()
    return ""


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        # Some templates wrap JSON-LD in comments or CDATA, or end it with a semicolon.
        raw = re.sub(r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/)|(?:-->|/\*\s*\]\]>\s*\*/)\s*$", "", raw)
        raw = raw.strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        yield from _walk(data)


def _walk(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"])
        if isinstance(data.get("mainEntity"), dict):
            yield from _walk(data["mainEntity"])


def _types(item: dict) -> set[str]:
    kinds = item.get("@type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(kind).lower() for kind in kinds}


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict:
    """The page's Article object: the first of an article type, the one with a body first."""
    articles = [item for item in _json_ld_objects(tree) if _types(item) & ARTICLE_TYPES]
    articles.sort(key=lambda item: (not item.get("articleBody"), not item.get("headline")))
    return articles[0] if articles else {}


def _publisher_name(article: dict) -> str:
    publisher = article.get("publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    return _text(publisher.get("name")) if isinstance(publisher, dict) else ""


def _json_ld_image(image: object) -> dict[str, str]:
    """url, caption and credit of a JSON-LD image, which may be a URL, object or list."""
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, str):
        return {"url": image.strip()}
    if not isinstance(image, dict):
        return {}
    credit = image.get("creditText") or image.get("copyrightHolder") or image.get("author")
    if isinstance(credit, list):
        credit = credit[0] if credit else ""
    if isinstance(credit, dict):
        credit = credit.get("name", "")
    return {
        "url": _text(image.get("url") or image.get("contentUrl")),
        "caption": _text(image.get("caption") or image.get("description")),
        "credit": _text(credit),
    }


def _author(article: dict, meta: dict[str, str], tree: lxml.html.HtmlElement) -> str:
    names = _person_names(article.get("author") or article.get("creator"))
    if not names:
        for key in AUTHOR_META:
            value = meta.get(key, "")
            if value and not value.startswith(("http://", "https://", "/")):
                names = [value]
                break
    if not names:
        names = [_text(el.text_content()) for el in tree.xpath('//*[@rel="author"]')][:1]
    cleaned: list[str] = []
    for name in names:
        name = re.sub(r"^\s*by\s+", "", _text(name), flags=re.IGNORECASE)
        if name and len(name) <= 120 and name not in cleaned:
            cleaned.append(name)
    return ", ".join(cleaned)


def _person_names(value: object) -> list[str]:
    if isinstance(value, list):
        return [name for item in value for name in _person_names(item)]
    if isinstance(value, dict):
        name = value.get("name")
        return _person_names(name) if name else []
    if isinstance(value, str) and value.strip():
        if value.strip().startswith(("http://", "https://")):
            return []
        return [value.strip()]
    return []


def _itemprop_dates(tree: lxml.html.HtmlElement, prop: str) -> list[str]:
    return [
        element.get("datetime") or element.get("content") or ""
        for element in tree.xpath(f'//*[@itemprop="{prop}"]')
    ]


def _time_elements(tree: lxml.html.HtmlElement) -> list[str]:
    """<time datetime> inside the article, the usual fallback when no <meta> names a date."""
    found = tree.xpath("//article//time[@datetime]") or tree.xpath("//time[@datetime]")
    return [element.get("datetime", "") for element in found[:1]]


def _first_date(values: list[object]) -> datetime | None:
    """The first date given; if it has no zone but another source names the same moment
    with one, that aware version. Placeholder dates ("0001-01-01") do not count."""
    parsed = [
        date
        for date in (parse_date(value) for value in values)
        if date is not None and date.year >= _EARLIEST_YEAR
    ]
    if not parsed:
        return None
    first = parsed[0]
    if first.tzinfo is None:
        for other in parsed[1:]:
            if other.tzinfo is not None and other.replace(tzinfo=None) == first:
                return other
    return first


def _language(tree: lxml.html.HtmlElement, meta: dict[str, str], article: dict) -> str:
    for raw in (
        tree.get("lang"),
        _text(article.get("inLanguage")) if isinstance(article.get("inLanguage"), str) else "",
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
    ):
        if raw and re.match(r"^[A-Za-z]{2,3}\b", raw.strip()):
            return raw.strip()[:3].split("-")[0].split("_")[0].lower().strip()
    return ""


def _h1_texts(tree: lxml.html.HtmlElement) -> list[str]:
    texts = [_text(h1.text_content()) for h1 in tree.iter("h1")]
    return [text for text in texts if text]


def _names_site(part: str, site_keys: set[str]) -> bool:
    key = _key(part)
    if not key:
        return True
    if any(key == site or (len(key) >= 4 and (key in site or site in key)) for site in site_keys):
        return True
    # "example.com" or "www.example.co.uk" as a suffix.
    return bool(re.fullmatch(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z]{2,})+", part.strip().lower()))


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text or "").lower()


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return re.sub(r"\s+", " ", _unescape(value)).strip()


def _multiline_text(value: object) -> str:
    """Like _text, but keeping line breaks, which separate an articleBody's paragraphs."""
    if not isinstance(value, str):
        return ""
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in _unescape(value).splitlines())
    return "\n".join(line for line in lines if line)


def _unescape(value: str) -> str:
    return html.unescape(value) if "&" in value else value


def _absolute(href: str, base: str) -> str:
    href = href.strip()
    absolute = urljoin(base, href) if base else href
    if href.startswith("//") and not base:
        absolute = "https:" + href
    return absolute if urlsplit(absolute).scheme in {"http", "https"} else ""
