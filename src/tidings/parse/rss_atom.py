"""RSS 0.9x, 1.0 and 2.0 and Atom, read by feedparser and mapped to ``ParsedEntry``.

feedparser is given UTF-8 bytes in a stream (never a string: a string that names a file or
a URL would make it open or fetch that), with the feed's URL as ``Content-Location`` so that
links resolve against it and against any ``xml:base``. Two choices:

- ``sanitize_html=False``: the HTML is cleaned once, by our own sanitiser at the end of the
  pipeline. feedparser's cleaner would decide first (dropping iframes, rewriting styles), and
  two cleaners in a row make the outcome depend on both.
- ``resolve_relative_uris=True``: only feedparser knows the ``xml:base`` in force on each
  element, so relative ``src`` and ``href`` inside the HTML are made absolute here, while
  that knowledge exists.
"""

from __future__ import annotations

import io
from xml.sax import SAXParseException

import feedparser

from tidings.parse.media import (
    MediaImage,
    dimension,
    is_image,
    pick_image,
    read_media,
    uses_media_rss,
)
from tidings.parse.text import (
    absolute_http_url,
    feed_name,
    first_words,
    plain_text,
    stable_guid,
    text_to_html,
    title_text,
    unique_categories,
    utc_from_struct,
)
from tidings.parse.types import ParsedEntry, ParsedFeed, ParseError

# feedparser tells apart two flavours of RSS 0.91 that read the same to us.
_FORMAT_NAMES = {"rss091n": "rss091", "rss091u": "rss091", "": "unknown"}


def parse_rss_atom(xml: bytes, *, url: str, limit: int) -> ParsedFeed:
    """``xml`` must be UTF-8 with no other encoding declared (see ``charset``)."""
    reading = read_media(xml) if uses_media_rss(xml) else None
    try:
        document = feedparser.parse(
            io.BytesIO(reading.xml if reading else xml),
            response_headers={
                "content-type": "application/xml; charset=utf-8",
                "content-location": url,
            },
            sanitize_html=False,
            resolve_relative_uris=True,
        )
    except (KeyError, IndexError, AttributeError, TypeError, ValueError) as error:
        # feedparser crashes, rather than complains, on some impossible nestings (an <entry>
        # inside a <category>); such a document is no feed, and must not stop a worker.
        raise ParseError(
            f"This feed's elements are nested in a way no feed format allows ({error!r})."
        ) from None
    _refuse_unreadable(document)
    feed = document.feed
    language = (feed.get("language") or "").strip()
    feed_author = _author(feed) if document.version.startswith("atom") else ""
    media_by_item = None
    if reading and len(reading.images_by_item) == len(document.entries):
        media_by_item = reading.images_by_item
    entries = []
    for position, raw in enumerate(document.entries[:limit]):
        media = media_by_item[position] if media_by_item else _feedparser_media(raw)
        entry = _entry(raw, url=url, language=language, feed_author=feed_author, media=media)
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(
        format=_FORMAT_NAMES.get(document.version, document.version),
        title=feed_name(_title(feed)),
        site_url=absolute_http_url(url, feed.get("link")),
        description=plain_text(feed.get("subtitle") or ""),
        language=language,
        entries=entries,
    )


def _refuse_unreadable(document) -> None:
    """Accept a feed that is a little broken, as many are; refuse one we learned nothing from."""
    recovered = bool(document.feed.get("title") or document.entries)
    if recovered:
        return
    if document.bozo:
        raise ParseError(_xml_error_in_words(document.bozo_exception))
    if not document.version:
        raise ParseError("This XML is not a feed: it has no RSS, RDF or Atom root element.")


def _xml_error_in_words(error: Exception) -> str:
    if isinstance(error, SAXParseException):
        where = f"line {error.getLineNumber()}, column {error.getColumnNumber()}"
        problem = f"{error.getMessage()} at {where}"
        return f"This feed is broken XML and nothing could be read from it: {problem}."
    return f"This feed could not be read: {error}."


def _entry(
    raw, *, url: str, language: str, feed_author: str, media: list[MediaImage]
) -> ParsedEntry | None:
    link = absolute_http_url(url, raw.get("link"))
    raw_id = (dict.get(raw, "id") or "").strip()
    if not link and raw_id.startswith(("http://", "https://")):
        link = absolute_http_url(url, raw_id)
    content_html = _content_html(raw)
    summary_html = _as_html(dict.get(raw, "summary") or "", raw.get("summary_detail"))
    if summary_html == content_html:
        # feedparser copies the content into the summary when an entry has no summary.
        summary_html = ""
    title = _title(raw) or first_words(plain_text(summary_html or content_html))
    if not (title or link or summary_html or content_html):
        return None
    updated = utc_from_struct(dict.get(raw, "updated_parsed"))
    # Atom entries and RSS 1.0's dc:date often give one date: that date is the publication.
    published = utc_from_struct(dict.get(raw, "published_parsed")) or updated
    image = pick_image(media + _enclosed_images(raw))
    return ParsedEntry(
        guid=raw_id or link or stable_guid(title, published),
        url=link,
        title=title,
        author=_author(raw) or feed_author,
        summary_html=summary_html,
        content_html=content_html,
        published=published,
        updated=updated,
        categories=unique_categories(_category_names(raw)),
        image_url=absolute_http_url(url, image.url) if image else "",
        image_caption=image.caption if image else "",
        image_credit=image.credit if image else "",
        language=_language(raw) or language,
    )


def _title(node) -> str:
    detail = node.get("title_detail") or {}
    return title_text(node.get("title") or "", is_html="html" in (detail.get("type") or ""))


def _content_html(raw) -> str:
    for content in raw.get("content") or []:
        value = (content.get("value") or "").strip()
        if value:
            return _as_html(value, content)
    return ""


def _as_html(value: str, detail) -> str:
    """Content typed as plain text (Atom's ``type="text"``) escaped, so that it is HTML too."""
    if detail and detail.get("type") == "text/plain":
        return text_to_html(value)
    return value.strip()


def _author(node) -> str:
    detail = node.get("author_detail")
    if detail:
        return plain_text(detail.get("name") or "")
    return plain_text(node.get("author") or "")


def _language(raw) -> str:
    for detail in [*(raw.get("content") or []), raw.get("summary_detail"), raw.get("title_detail")]:
        if detail and detail.get("language"):
            return detail["language"].strip()
    return ""


def _category_names(raw) -> list[str]:
    names = []
    for tag in raw.get("tags") or []:
        name = (tag.get("label") or tag.get("term") or "").strip()
        # Atom lets a term be a URI (Blogger marks every entry "…/kind#post"): an id, not a topic.
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def _feedparser_media(raw) -> list[MediaImage]:
    """Images as feedparser saw them, for documents too broken for our own Media RSS pass."""
    credits = [credit.get("content", "") for credit in raw.get("media_credit") or []]
    credit = plain_text(next((text for text in credits if text), ""))
    images = []
    for content in raw.get("media_content") or []:
        url = content.get("url") or ""
        if url and is_image(url, content.get("medium"), content.get("type")):
            width, height = dimension(content.get("width")), dimension(content.get("height"))
            images.append(MediaImage(url=url, width=width, height=height, credit=credit))
    for thumbnail in raw.get("media_thumbnail") or []:
        if thumbnail.get("url"):
            width, height = dimension(thumbnail.get("width")), dimension(thumbnail.get("height"))
            images.append(
                MediaImage(url=thumbnail["url"], width=width, height=height, thumbnail=True)
            )
    return images


def _enclosed_images(raw) -> list[MediaImage]:
    return [
        MediaImage(url=link.get("href", ""))
        for link in raw.get("links") or []
        if link.get("rel") == "enclosure"
        and (link.get("type") or "").startswith("image/")
        and link.get("href")
    ]
