"""Text hygiene shared by every edge where outside text comes in."""

from __future__ import annotations

import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with every lone UTF-16 surrogate replaced by U+FFFD.

    JSON's ``"\\ud83d"`` escapes and HTML's ``&#xD83D;`` references can put half of a
    surrogate pair into a Python string; such a string cannot be encoded as UTF-8, so the
    sanitiser, the database and the templates would all fail on it. Python strings hold
    code points, so a surrogate here is always alone.
    """
    return _LONE_SURROGATE.sub("\ufffd", text)
