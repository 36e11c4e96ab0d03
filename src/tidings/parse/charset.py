"""Bytes to text for feeds whose declared encoding may be wrong.

Publishers often declare one encoding and send another: a server that adds
``charset=ISO-8859-1`` to everything, a template that says UTF-8 in the XML prolog over a
Windows-1252 database. Following RFC 3023 to the letter (the header wins; ``text/xml``
without a charset is US-ASCII) turns such feeds into mojibake. We look at the bytes instead:

1. A byte order mark is certain.
2. A declared UTF-16 or UTF-32 is believed: those bytes cannot be mistaken for anything else.
3. Bytes that decode as UTF-8 are UTF-8. Text in a single-byte encoding almost never forms
   valid UTF-8 sequences by accident, so this wins over any declaration.
4. Otherwise the header's charset, then the prolog's, then Windows-1252 (which browsers use
   for ISO-8859-1 too, as it adds the curly quotes that "Latin-1" feeds really contain).
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PROLOG_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_PROLOG = re.compile(r"^(\s*)<\?xml[^>]*\?>")
# Labels that mean Windows-1252 in practice (the WHATWG encoding standard does the same).
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
_FALLBACK = "windows-1252"


def prolog_encoding(body: bytes) -> str | None:
    match = _PROLOG_ENCODING.match(body[:512])
    return match.group(1).decode("ascii").lower() if match else None


def decode_body(body: bytes, declared: str | None) -> str:
    """The text of ``body``, choosing its encoding as the module docstring explains."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    in_prolog = prolog_encoding(body)
    for label in (declared, in_prolog):
        if label and _codec_name(label) in ("utf-16", "utf-32"):
            text = _try_decode(body, label)
            if text is not None:
                return text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for label in (declared, in_prolog, _FALLBACK):
        text = _try_decode(body, label)
        if text is not None:
            return text
    # Windows-1252 leaves five bytes undefined; Latin-1 maps every byte to something.
    return body.decode("latin-1")


def without_prolog_encoding(text: str) -> str:
    """``text`` with its XML prolog saying nothing about encoding, as it is now decoded.

    Left in place, an ``encoding="ISO-8859-1"`` would make the next XML parser re-decode
    the UTF-8 we hand it.
    """
    return _PROLOG.sub(r'\1<?xml version="1.0"?>', text, count=1)


def without_surrogate_references(text: str) -> str:
    """``text`` with character references to UTF-16 surrogates (``&#xD83D;``) made U+FFFD.

    XML forbids them, yet they occur; feedparser turns one into a string that no codec
    can encode, and fails the whole feed on it.
    """
    return _CHARACTER_REFERENCE.sub(_without_surrogate, text)


def _without_surrogate(reference: re.Match[str]) -> str:
    hexadecimal, decimal = reference.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return "&#xFFFD;" if 0xD800 <= code <= 0xDFFF else reference.group()


def _try_decode(body: bytes, label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        label = _FALLBACK
    elif label == "gb2312":
        label = "gb18030"  # a superset, and what "GB2312" pages really use
    try:
        return body.decode(label)
    except (LookupError, UnicodeDecodeError):
        return None


def _codec_name(label: str) -> str:
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return ""
    return name[:6]
