"""Bytes of an HTML page to text, trusting what the page says about itself before guessing;
and the strings found in it made valid Unicode."""

from __future__ import annotations

import codecs
import re
from dataclasses import fields

from tidings.extract.types import ExtractedArticle
from tidings.text import valid_unicode

# The order browsers use: a byte-order mark beats everything, then the transport's
# charset (given by the caller), then the <meta> near the top of the document.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_PRESCAN_BYTES = 4096
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252, which is what the
# publisher's editor almost always wrote.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
}


def decode_html(data: bytes, declared_charset: str | None = None) -> str:
    """Text of ``data``: BOM, then ``declared_charset``, then <meta charset>, then UTF-8,
    then windows-1252 (which decodes any byte, so the result is never an exception)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    for label in (declared_charset, _meta_charset(data)):
        named = _known_encoding(label)
        if named is None:
            continue
        # A page's <meta> can lie (an old template that says latin-1 over UTF-8 text):
        # when the label is Latin-1-ish but the bytes are valid UTF-8, UTF-8 wins.
        if named == "cp1252" and _is_utf8(data):
            return data.decode("utf-8")
        return data.decode(named, errors="replace")
    if _is_utf8(data):
        return data.decode("utf-8")
    return data.decode("cp1252", errors="replace")


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _known_encoding(label: str | None) -> str | None:
    if not label:
        return None
    cleaned = label.strip().lower()
    try:
        name = codecs.lookup(_LABEL_ALIASES.get(cleaned, cleaned)).name
    except LookupError:
        return None
    # A page cannot really be UTF-16 if its <meta> was readable as ASCII.
    if name.startswith("utf-16"):
        return "utf-8"
    return "cp1252" if name in {"latin-1", "iso8859-1"} else name


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def with_valid_strings(article: ExtractedArticle) -> ExtractedArticle:
    """``article`` with every string encodable: a page's JSON-LD can carry a lone surrogate
    (``"\\ud83d"``) into the title, author or caption, and one would fail the store."""
    for field in fields(article):
        value = getattr(article, field.name)
        if isinstance(value, str):
            setattr(article, field.name, valid_unicode(value))
    return article
