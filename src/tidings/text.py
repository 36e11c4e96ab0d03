"""Text every layer can hold: what a request or a feed sends is made valid here first."""

from __future__ import annotations

import re

# A lone UTF-16 surrogate (JSON's "\ud800" escapes and HTML's &#xD83D; references can
# make one; Python strings hold code points, so a surrogate here is always alone) cannot be
# encoded as UTF-8, so nh3, the database driver and the response writer all fail on it;
# PostgreSQL refuses NUL in text. Each becomes U+FFFD, the mark for "a character was lost here".
UNUSABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates and NUL replaced by U+FFFD, so that it encodes as
    UTF-8 and fits a text column of either database. Valid text comes back unchanged."""
    return UNUSABLE.sub(REPLACEMENT, text)


def valid_json(value: object) -> object:
    """A decoded JSON value with ``valid_unicode`` applied to every string in it, keys too."""
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, list):
        return [valid_json(item) for item in value]
    if isinstance(value, dict):
        return {valid_unicode(key): valid_json(item) for key, item in value.items()}
    return value


def text_key(text: str) -> str:
    """``text`` reduced to its lower-case letters and digits, to compare two renderings of
    the same words (a paragraph as a page has it and as an extractor gives it back)."""
    return re.sub(r"\W+", "", text or "").lower()
