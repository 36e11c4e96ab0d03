"""Small normalisers every feed format shares: plain text, absolute URLs, UTC dates."""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

# Characters that XML and lxml refuse; feeds in the wild still contain them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
# Block elements end a line of text: without a space after them, "<p>a</p><p>b</p>" reads "ab".
_BLOCK_TAGS = (
    "title",
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "blockquote",
)
TITLE_WORDS = 12


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def plain_text(markup: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, runs of space made one."""
    markup = _CONTROL_CHARS.sub("", markup or "")
    if "<" not in markup:
        return collapse_spaces(html.unescape(markup))
    # Parsed as a whole document: fragment parsing trips over stray <html> tags.
    root = lxml.etree.fromstring(markup, lxml.html.html_parser)
    if root is None:
        return ""
    for unseen in root.xpath(".//script | .//style"):
        unseen.drop_tree()
    for block in root.iter(*_BLOCK_TAGS):
        block.tail = " " + (block.tail or "")
    return collapse_spaces(root.text_content())


def first_words(text: str, count: int = TITLE_WORDS) -> str:
    """A stand-in title from the start of a summary: its first sentence when that is short,
    else its first ``count`` words and an ellipsis."""
    words = text.split()
    for index, word in enumerate(words[:count]):
        # Three words at least, so that "Dr." or "No." does not end the title.
        if index >= 2 and word.endswith((".", "!", "?")):
            return " ".join(words[: index + 1]).removesuffix(".")
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(",;:&-–—").rstrip() + "…"


def absolute_http_url(base: str, href: str | None) -> str:
    """``href`` resolved against ``base``; "" unless the result is an http(s) URL.

    Feeds carry javascript:, data: and mailto: links too; none of them is an article.
    """
    href = (href or "").strip()
    if not href:
        return ""
    resolved = urljoin(base, href)
    parts = urlsplit(resolved)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return resolved


def utc_from_struct(value: time.struct_time | None) -> datetime | None:
    """feedparser's ``*_parsed`` struct_time (already UTC) as an aware datetime."""
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = value[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def utc_from_string(value: str | None) -> datetime | None:
    """An RFC 3339 date (as JSON Feed asks) or an RFC 822 one (as some still send), in UTC.

    A date without a zone is taken as UTC: guessing the publisher's zone would be worse.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def unique_categories(names: Iterable[str]) -> list[str]:
    """Plain-text category names, each once; the first spelling of a name wins."""
    seen: set[str] = set()
    kept = []
    for name in names:
        text = plain_text(name)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return kept


def stable_guid(title: str, published: datetime | None) -> str:
    """An id for an entry that has neither id nor link: the same entry hashes the same."""
    stamp = published.isoformat() if published else ""
    digest = hashlib.sha256(f"{title}\n{stamp}".encode()).hexdigest()
    return f"sha256:{digest[:32]}"


def text_to_html(text: str) -> str:
    """Plain text as HTML: escaped, and a paragraph per blank-line-separated block."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    if len(blocks) <= 1:
        return html.escape(blocks[0]) if blocks else ""
    return "".join(f"<p>{html.escape(block)}</p>" for block in blocks)


def feed_name(title: str) -> str:
    """A feed's title as a source's name. Titles that went through a JSON encoder on the
    publisher's side arrive with their slashes escaped ("24\\/7 Wall St."), which no
    name means."""
    return title.replace("\\/", "/")


def title_text(value: str, *, is_html: bool) -> str:
    """A title as plain text. Only a title typed as HTML loses what looks like tags: in a
    plain-text title "a <b> c" is what the author wrote."""
    if is_html:
        return plain_text(value)
    return collapse_spaces(html.unescape(_CONTROL_CHARS.sub("", value or "")))
