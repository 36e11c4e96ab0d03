"""A reader's search words, parsed once and written out for each database. Pure.

The syntax is PostgreSQL's ``websearch_to_tsquery``, which readers know from web search
engines: words are all required, ``"quoted words"`` must stand together in that order,
``-word`` (or ``-"quoted words"``) must not occur, and ``OR`` between words offers
alternatives. As in PostgreSQL, ``OR`` binds looser than the words around it:
``budget cuts OR tax rise`` is (budget and cuts) or (tax and rise).

``parse`` turns the words into a ``Query`` or raises ``InvalidQuery`` with a sentence for
the reader; nothing the reader types can reach a database as syntax:

- ``fts5_match`` writes an SQLite FTS5 MATCH expression in which every word is a quoted
  string of letters and digits only, so FTS5 never meets a syntax error.
- ``websearch`` writes the same query back as a normalised websearch string for
  PostgreSQL's ``websearch_to_tsquery``, which never raises on any input either.

A word is a run of letters and digits (``[^\\W_]+``), as SQLite's unicode61 tokenizer
cuts text, so ``e-mail`` becomes the two words "e mail", which must stand together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Long enough for any real question, short enough that a crafted query cannot make the
# database chew on thousands of terms.
MAX_CHARACTERS = 300
MAX_TERMS = 16

WORD = re.compile(r"[^\W_]+")
# A quoted phrase (the closing quote may be missing), or a run of anything but spaces and
# quotes; either may carry a leading "-".
PIECE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


class InvalidQuery(ValueError):
    """Words that cannot be searched for; the message tells the reader what to do."""


@dataclass(frozen=True)
class Term:
    """One word, or several that must stand together in this order (lower case)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    """Articles with every ``required`` term and none of the ``excluded`` ones."""

    required: tuple[Term, ...]
    excluded: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Query:
    """Articles that fit any of the ``alternatives``."""

    alternatives: tuple[Alternative, ...]

    @property
    def highlighted_words(self) -> frozenset[str]:
        """The words a matching article shows: every required word, no excluded one."""
        return frozenset(
            word
            for alternative in self.alternatives
            for term in alternative.required
            for word in term.words
        )


def words_of(text: str) -> tuple[str, ...]:
    """The lower-case words of ``text``, cut as the full-text index cuts them."""
    return tuple(word.lower() for word in WORD.findall(unicodedata.normalize("NFC", text)))


def parse(text: str) -> Query:
    """The query in ``text``; raises ``InvalidQuery`` when there is nothing to look for.

    1. Cut the text into pieces: phrases in quotes, and runs of other characters, each
       with or without a leading "-". A piece without letters or digits is dropped.
    2. ``OR`` (upper case, as a piece of its own) ends one alternative and starts the next;
       an ``OR`` with nothing on one side is ignored, as PostgreSQL ignores it.
    3. An alternative that only excludes (``a OR -b``) would match nearly every article,
       and FTS5 cannot say it: it is dropped.
    """
    text = text.strip()
    if not text:
        raise InvalidQuery("Type the words you are looking for.")
    if len(text) > MAX_CHARACTERS:
        raise InvalidQuery(f"Use at most {MAX_CHARACTERS} characters.")
    alternatives: list[Alternative] = []
    required: list[Term] = []
    excluded: list[Term] = []
    terms = 0
    for match in PIECE.finditer(text):
        phrase_minus, phrase, word_minus, word = match.groups()
        if phrase is None and word == "OR":
            if required or excluded:
                alternatives.append(Alternative(tuple(required), tuple(excluded)))
            required, excluded = [], []
            continue
        words = words_of(phrase if phrase is not None else word)
        if not words:
            continue
        terms += 1
        if terms > MAX_TERMS:
            raise InvalidQuery(f"Use at most {MAX_TERMS} words or quoted phrases.")
        (excluded if (phrase_minus or word_minus) else required).append(Term(words))
    if required or excluded:
        alternatives.append(Alternative(tuple(required), tuple(excluded)))
    if not any(alternative.required for alternative in alternatives):
        if alternatives:
            raise InvalidQuery(
                "Say what you are looking for, not only what to leave out: "
                "a word with a minus sign only excludes."
            )
        raise InvalidQuery("Type words with letters or digits in them.")
    return Query(tuple(alternative for alternative in alternatives if alternative.required))


def _quoted(term: Term) -> str:
    # Words hold letters and digits only, so no quote can end the string early.
    return '"' + " ".join(term.words) + '"'


def fts5_match(query: Query) -> str:
    """An FTS5 MATCH expression for ``query``: ``("a" AND "b c") NOT "d" OR ("e")``."""
    alternatives = []
    for alternative in query.alternatives:
        expression = "(" + " AND ".join(_quoted(term) for term in alternative.required) + ")"
        for term in alternative.excluded:
            expression = f"{expression} NOT {_quoted(term)}"
        alternatives.append(f"({expression})" if alternative.excluded else expression)
    return " OR ".join(alternatives)


def websearch(query: Query) -> str:
    """``query`` as a websearch string that PostgreSQL reads the same way:
    ``"a" "b c" -"d" OR "e"``."""
    return " OR ".join(
        " ".join(
            [_quoted(term) for term in alternative.required]
            + ["-" + _quoted(term) for term in alternative.excluded]
        )
        for alternative in query.alternatives
    )
