"""Words compared loosely, for matching a question, an option or a claim to sentences:
lower case, Porter stems ("vetoed" is "veto"), stop words and single letters dropped."""

from __future__ import annotations

import re
from collections.abc import Collection

from tidings.enrich.embeddings import STOP_WORDS
from tidings.enrich.porter import stem

_WORD = re.compile(r"[^\W_]+")


def content_words(text: str) -> frozenset[str]:
    return frozenset(
        stem(word)
        for word in (match.lower() for match in _WORD.findall(text))
        if len(word) > 1 and word not in STOP_WORDS
    )


def covered(words: Collection[str], other: Collection[str]) -> float:
    """The share of ``words`` that ``other`` holds (0 when there are no words)."""
    return sum(word in other for word in words) / len(words) if words else 0.0
