"""The parse stage: a feed's bytes, whatever the format, to one ``ParsedFeed``.

1. Refuse what cannot be a feed: nothing at all, or a web page (which the caller may search
   for the feed it names, see ``discovery``).
2. Decode the bytes, trusting the bytes over what the server or prolog declares (``charset``).
3. Send JSON to the JSON Feed reader and XML, once ``budget`` has refused entity bombs and
   cut it to its first ``MAX_ENTRIES`` items, to the RSS/Atom reader; each maps its format
   to the one normal ``ParsedEntry``.
4. Make every string valid Unicode (``tidings.text.valid_unicode``).
"""

from __future__ import annotations

from dataclasses import fields

from tidings.parse.budget import within_budget
from tidings.parse.charset import decode_body, without_prolog_encoding, without_surrogate_references
from tidings.parse.discovery import looks_like_html
from tidings.parse.jsonfeed import parse_json_feed
from tidings.parse.rss_atom import parse_rss_atom
from tidings.parse.types import ParsedEntry, ParsedFeed, ParseError
from tidings.text import valid_unicode

# Entries read from one feed, in document order (newest first, in practice). Real feeds
# carry tens; a feed with thousands is an archive dump, and reading it all every half hour
# would be work for nothing.
MAX_ENTRIES = 500


def parse_feed(
    body: bytes, *, url: str, content_type: str | None = None, charset: str | None = None
) -> ParsedFeed:
    """Read ``body``, fetched from ``url``, as RSS, RDF, Atom or JSON Feed.

    ``content_type`` and ``charset`` are what the server said; either may be wrong, and
    ``content_type`` may still carry its ``; charset=`` parameter. Raises ``ParseError``
    with the reason in words when the body is not a feed we can read.
    """
    if not body.strip():
        raise ParseError("The response was empty: there is no feed in it.")
    if looks_like_html(body):
        raise ParseError(
            "This is an HTML page, not a feed. Use the address of the site's feed, "
            "or the page that names it with <link rel=alternate>."
        )
    media_type, header_charset = _split_content_type(content_type)
    text = decode_body(body, charset or header_charset).lstrip("\ufeff \t\r\n")
    if text.startswith("{") or ("json" in media_type and not text.startswith("<")):
        return _valid_unicode(parse_json_feed(text, url=url, limit=MAX_ENTRIES))
    if not text.startswith("<"):
        raise ParseError("This is neither XML nor JSON, so it is not a feed.")
    xml = without_prolog_encoding(without_surrogate_references(text)).encode("utf-8")
    xml, cut = within_budget(xml, MAX_ENTRIES)
    feed = parse_rss_atom(xml, url=url, limit=MAX_ENTRIES)
    feed.more_entries = cut
    return _valid_unicode(feed)


def _valid_unicode(feed: ParsedFeed) -> ParsedFeed:
    """Every string of the feed and its entries made encodable, so that one bad title
    (a lone surrogate from a JSON escape) spoils nothing else."""
    parts: list[ParsedFeed | ParsedEntry] = [feed, *feed.entries]
    for part in parts:
        for field in fields(part):
            value = getattr(part, field.name)
            if isinstance(value, str):
                setattr(part, field.name, valid_unicode(value))
            elif field.name == "categories":
                setattr(part, field.name, [valid_unicode(name) for name in value])
    return feed


def _split_content_type(content_type: str | None) -> tuple[str, str | None]:
    media_type, *parameters = (content_type or "").split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'")
    return media_type.strip().lower(), charset
