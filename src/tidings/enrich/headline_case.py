"""Headlines In Title Case, written back in sentence case before they are tagged.

Many outlets capitalise every word of a headline ("Miley Cyrus Performing In
Underwear"), so capitals there do not mark names, and the entity finder reads
"Marijuana Taxes" as a person and "Ratings" as a place. The documents tagged together
say how each word is written where capitals do mean something: in body text and in
headlines written in sentence case, away from the start of a sentence. A word of a
title-case headline that is written in lower case there more often than capitalised is
lowered; a word they never show is lowered only when it is on the shipped list of common
words and not on the name lists, since an unknown word in a headline is as likely a name
as not. Words within quotation marks keep theirs: quoted
words in headlines are mostly titles of works ("'True Detective' Finale").

Pure: ``Casing.of`` counts over plain strings, ``sentence_case`` rewrites one headline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tidings.enrich.tagging_gazetteer import is_common_word, is_given_name
from tidings.enrich.tagging_words import FUNCTION_WORDS

_WORD = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]")
# After these a word starts a sentence or clause, where a capital tells nothing.
_OPENS = re.compile(r"(?:^|[.!?:;|\n(\[—–]|\s-)\s*$|[\"“‘'(]$")
_QUOTED = re.compile(r"[\"“‘']([^\"”’']{2,80})[\"”’']")
# Share of the longer words (after the first) that must be capitalised for a headline
# to count as title case; sentence-case headlines with many names stay well below.
TITLE_CASE_SHARE = 0.75
TITLE_CASE_MIN_WORDS = 2
# A document with less text than this is read as its headline alone (a feed's summary
# line at most).
HEADLINE_ONLY_CHARACTERS = 300


def _opens_here(text: str, start: int) -> bool:
    """Whether a word at ``start`` opens a sentence or clause."""
    return _OPENS.search(text[max(0, start - 3) : start]) is not None


@dataclass
class Casing:
    """How often each word (case-folded) is written lower case and capitalised away
    from the start of a sentence."""

    lower: Counter[str] = field(default_factory=Counter)
    capitalised: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Casing:
        casing = cls()
        for text in texts:
            for match in _WORD.finditer(text):
                word = match.group()
                if _opens_here(text, match.start()):
                    continue
                if word.islower():
                    casing.lower[word] += 1
                elif word[:1].isupper() and not word.isupper():
                    casing.capitalised[word.casefold()] += 1
        return casing

    def is_common(self, word: str) -> bool:
        """Lower case where the texts say so; where they say nothing, where the shipped
        list of common words does and the name lists do not."""
        folded = word.casefold()
        if folded in FUNCTION_WORDS:
            return True
        lower, capitalised = self.lower[folded], self.capitalised[folded]
        if lower or capitalised:
            return lower > capitalised
        return is_common_word(word)


def is_title_case(headline: str) -> bool:
    """Whether most longer words after the first are capitalised."""
    words = [match.group() for match in _WORD.finditer(headline)][1:]
    longer = [word for word in words if len(word) >= 4 and not word.isupper()]
    if len(longer) < TITLE_CASE_MIN_WORDS:
        return False
    capitalised = sum(word[:1].isupper() for word in longer)
    return capitalised / len(longer) >= TITLE_CASE_SHARE


def sentence_case(headline: str, casing: Casing) -> str:
    """The headline with its common words lowered, when it is in title case; as it is
    otherwise. Sentence and clause openings, acronyms and quoted words are kept."""
    if not is_title_case(headline):
        return headline
    quoted = [match.span(1) for match in _QUOTED.finditer(headline)]
    words = list(_WORD.finditer(headline))
    pieces = []
    end = 0
    for index, match in enumerate(words):
        word = match.group()
        following = words[index + 1].group() if index + 1 < len(words) else ""
        keep = (
            not word[:1].isupper()
            or word.isupper()
            or _opens_here(headline, match.start())
            or any(start <= match.start() < stop for start, stop in quoted)
            or not casing.is_common(word)
            # "Will Smith", "Bill Gates": a given name before a surname stays one; before
            # another given name it is a word ("Will Lindsay Lohan Return?").
            or (
                is_given_name(word)
                and following[:1].isupper()
                and not casing.is_common(following)
                and not is_given_name(following)
            )
        )
        pieces.append(headline[end : match.start()])
        pieces.append(word if keep else word.lower())
        end = match.end()
    pieces.append(headline[end:])
    return "".join(pieces)


def sentence_cased_titles(titles: list[str], texts: list[str]) -> list[str]:
    """The titles of headline-only documents in sentence case, counting how words are
    written over the texts and the titles that are not in title case. A document with a
    body keeps its title: its body shows how its names are written. Most batches have no
    such title, and then nothing is counted."""
    rewrite = [
        len(text) <= HEADLINE_ONLY_CHARACTERS and is_title_case(title)
        for title, text in zip(titles, texts, strict=True)
    ]
    if not any(rewrite):
        return list(titles)
    casing = Casing.of([*texts, *(title for title in titles if not is_title_case(title))])
    return [
        sentence_case(title, casing) if needed else title
        for title, needed in zip(titles, rewrite, strict=True)
    ]
