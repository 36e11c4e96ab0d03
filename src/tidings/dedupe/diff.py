"""What one outlet changed in a wire story: a readable diff of two plain texts.

First paragraphs are lined up (added, removed, changed, or unchanged), then the words of
each changed paragraph. Typographic variants (curly and straight quotes, dashes) count as
the same, since outlets' systems swap them without anyone editing the story. Long runs of
unchanged words and paragraphs are collapsed so that the changes stand out. The result is
plain data; the template escapes it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

# Paragraphs at least this alike (share of words in common) are one paragraph, edited.
SAME_PARAGRAPH = 0.5
# A run of unchanged words longer than this is shortened to its ends.
LONG_RUN = 12
CONTEXT_WORDS = 4

_TYPOGRAPHY = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
)


@dataclass(frozen=True)
class Segment:
    """Words of an edited paragraph: kept, added by the other outlet, removed by it, or a
    ``gap`` standing for unchanged words left out."""

    kind: Literal["same", "added", "removed", "gap"]
    text: str


@dataclass(frozen=True)
class Change:
    """One step through the article: unchanged paragraphs (``count`` of them, collapsed), a
    paragraph added or removed (``text``), or a paragraph changed word by word."""

    kind: Literal["same", "added", "removed", "changed"]
    text: str = ""
    segments: tuple[Segment, ...] = ()
    count: int = 1


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs of a plain text: split at line breaks, blank ones dropped."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _key(token: str) -> str:
    return unicodedata.normalize("NFKC", token).translate(_TYPOGRAPHY).casefold()


def _word_ratio(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def diff_words(a: str, b: str) -> list[Segment]:
    """The words of ``b`` against ``a``: what ``b`` added, removed and kept."""
    a_words, b_words = a.split(), b.split()
    matcher = SequenceMatcher(
        None, [_key(word) for word in a_words], [_key(word) for word in b_words], autojunk=False
    )
    segments: list[Segment] = []
    opcodes = matcher.get_opcodes()
    for position, (tag, a_start, a_end, b_start, b_end) in enumerate(opcodes):
        if tag == "equal":
            kept = b_words[b_start:b_end]
            segments.extend(_shorten(kept, first=position == 0, last=position == len(opcodes) - 1))
            continue
        if a_end > a_start:
            segments.append(Segment("removed", " ".join(a_words[a_start:a_end])))
        if b_end > b_start:
            segments.append(Segment("added", " ".join(b_words[b_start:b_end])))
    return segments


def diff_line(a: str, b: str) -> list[Segment]:
    """A one-line text such as a headline: word changes when the two are alike, otherwise
    the whole line replaced, which reads better than scattered words in common."""
    if _word_ratio([_key(w) for w in a.split()], [_key(w) for w in b.split()]) < SAME_PARAGRAPH:
        return [Segment("removed", " ".join(a.split())), Segment("added", " ".join(b.split()))]
    return diff_words(a, b)


def _shorten(words: list[str], first: bool, last: bool) -> list[Segment]:
    """A run of unchanged words, with the middle left out when it is long: the words next
    to a change are kept, so the reader sees where it is."""
    if len(words) <= LONG_RUN:
        return [Segment("same", " ".join(words))]
    head = [] if first else words[:CONTEXT_WORDS]
    tail = [] if last else words[-CONTEXT_WORDS:]
    shortened = []
    if head:
        shortened.append(Segment("same", " ".join(head)))
    shortened.append(Segment("gap", "…"))
    if tail:
        shortened.append(Segment("same", " ".join(tail)))
    return shortened


def diff_texts(a: str, b: str) -> list[Change]:
    """What ``b`` changed compared with ``a``, paragraph by paragraph, in ``b``'s order."""
    a_paragraphs, b_paragraphs = paragraphs_of(a), paragraphs_of(b)
    a_keys = [_key(paragraph) for paragraph in a_paragraphs]
    b_keys = [_key(paragraph) for paragraph in b_paragraphs]
    changes: list[Change] = []
    matcher = SequenceMatcher(None, a_keys, b_keys, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            _add(changes, Change("same", count=a_end - a_start))
            continue
        for change in _pair_up(a_paragraphs[a_start:a_end], b_paragraphs[b_start:b_end]):
            _add(changes, change)
    return changes


def _pair_up(removed: list[str], added: list[str]) -> list[Change]:
    """Within a block that differs, pair paragraphs that are edits of each other, in order;
    the rest were removed or added."""
    a_words = [[_key(word) for word in paragraph.split()] for paragraph in removed]
    b_words = [[_key(word) for word in paragraph.split()] for paragraph in added]
    changes: list[Change] = []
    i = j = 0
    while i < len(removed) and j < len(added):
        if _word_ratio(a_words[i], b_words[j]) >= SAME_PARAGRAPH:
            segments = diff_words(removed[i], added[j])
            if all(segment.kind in {"same", "gap"} for segment in segments):
                changes.append(Change("same"))  # only typography differed
            else:
                changes.append(Change("changed", segments=tuple(segments)))
            i, j = i + 1, j + 1
        elif any(_word_ratio(a_words[i], later) >= SAME_PARAGRAPH for later in b_words[j + 1 :]):
            changes.append(Change("added", text=added[j]))
            j += 1
        else:
            changes.append(Change("removed", text=removed[i]))
            i += 1
    changes.extend(Change("removed", text=paragraph) for paragraph in removed[i:])
    changes.extend(Change("added", text=paragraph) for paragraph in added[j:])
    return changes


def _add(changes: list[Change], change: Change) -> None:
    """Append, merging neighbouring runs of unchanged paragraphs into one."""
    if change.kind == "same" and changes and changes[-1].kind == "same":
        changes[-1] = Change("same", count=changes[-1].count + change.count)
    else:
        changes.append(change)
