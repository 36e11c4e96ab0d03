"""The passage of an article that shows why it matched, with the matched words marked.

Both databases find words by their stems and without accents, so "Elections" matches
"election" and "cafe" matches "Café"; the words marked here are found the same way (the
Porter stemmer, accents folded), whichever database found the article. Pure.

A snippet is a list of ``Segment`` (text, marked), which a template escapes part by part;
``as_html`` writes the same as escaped HTML with ``<mark>`` for the API.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from tidings.enrich.porter import stem
from tidings.search.query import WORD

# Words in a snippet: about two lines of a result.
SNIPPET_WORDS = 36
ELLIPSIS = "…"


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool = False


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """What two words must share to match: the stem of the word without accents."""
    folded = unicodedata.normalize("NFKD", word.lower())
    return stem("".join(letter for letter in folded if not unicodedata.combining(letter)))


def keys_of(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word_key(word) for word in words)


def highlight(text: str, keys: frozenset[str]) -> list[Segment]:
    """All of ``text``, with the words whose key is in ``keys`` marked."""
    return _segments(text, 0, len(text), keys)


def snippet(text: str, keys: frozenset[str], size: int = SNIPPET_WORDS) -> list[Segment]:
    """About ``size`` words of ``text`` around the place where most of ``keys`` occur
    (its opening when none does), matched words marked, cuts shown by an ellipsis.

    The window of ``size`` words holding the most different matched keys wins; among equals
    the earliest, since an article's opening tends to say what it is about.
    """
    spans = [(match.start(), match.end()) for match in WORD.finditer(text)]
    if not spans:
        return []
    hits = [word_key(text[start:end]) in keys for start, end in spans]
    first = _best_window(text, spans, hits, keys, size)
    last = min(len(spans), first + size) - 1
    start = 0 if first == 0 else spans[first][0]
    end = len(text) if last == len(spans) - 1 else spans[last][1]
    segments = _segments(text, start, end, keys)
    if start > 0:
        segments.insert(0, Segment(ELLIPSIS))
    if end < len(text):
        segments.append(Segment(ELLIPSIS))
    return segments


def _best_window(
    text: str, spans: list[tuple[int, int]], hits: list[bool], keys: frozenset[str], size: int
) -> int:
    """The index of the first word of the best window."""
    best, best_found = 0, 0
    for first in (index for index, hit in enumerate(hits) if hit):
        window = range(first, min(len(spans), first + size))
        found = len({word_key(text[spans[i][0] : spans[i][1]]) for i in window if hits[i]} & keys)
        if found > best_found:
            best, best_found = first, found
            if found == len(keys):
                break
    # Open a few words before the first match, so that it is read in its sentence.
    return max(0, best - size // 6) if best_found else 0


def _segments(text: str, start: int, end: int, keys: frozenset[str]) -> list[Segment]:
    segments: list[Segment] = []
    plain_from = start
    for match in WORD.finditer(text, start, end):
        if word_key(match.group()) in keys:
            if match.start() > plain_from:
                segments.append(Segment(text[plain_from : match.start()]))
            segments.append(Segment(match.group(), marked=True))
            plain_from = match.end()
    if end > plain_from:
        segments.append(Segment(text[plain_from:end]))
    return segments


def as_html(segments: list[Segment]) -> str:
    """The segments as HTML: text escaped, matched words in ``<mark>``."""
    return "".join(
        f"<mark>{html.escape(segment.text)}</mark>" if segment.marked else html.escape(segment.text)
        for segment in segments
    )
