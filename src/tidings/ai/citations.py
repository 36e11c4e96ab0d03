"""The citation check every AI statement passes before a reader sees it, whatever wrote it.

A statement may only state the numbers, names and dates its cited sentences state. That is
a necessary condition of being supported, not a sufficient one, but it is the one that
catches the errors that mislead: a wrong figure, a person or place from another story, a
shifted day. Compared loosely where writing varies and the meaning does not: "1,200" is
"1200", "Nov." is "November", and the capitalised first word of a sentence may be written
in lower case in the source ("The" / "the").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tidings.ai.dates import MONTHS

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?!\w)|(?<![\w.])\d+(?=[a-z%])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)[\"'“‘(\[]*$")
_MONTH_NAME = {short: name for name in MONTHS for short in (name[:3], name)} | {"sept": "september"}


def unsupported(statement: str, cited: Sequence[str]) -> list[str]:
    """The numbers, names and dates of ``statement`` that no ``cited`` sentence states, in
    the order they first appear; empty when the statement passes."""
    source = " ".join(cited)
    numbers = {_number_key(n) for n in _NUMBER.findall(source)}
    names = {_name_key(word) for word in _WORD.findall(source)}
    lower_words = {word.lower() for word in _WORD.findall(source)}
    offending: list[str] = []
    for match in _NUMBER.finditer(statement):
        if _number_key(match.group()) not in numbers:
            offending.append(match.group().rstrip(",."))
    for match in _WORD.finditer(statement):
        word = match.group()
        if not word[0].isupper() or _name_key(word) in names:
            continue
        if _starts_sentence(statement, match.start()) and word.lower() in lower_words:
            continue
        offending.append(word)
    ordered = sorted(offending, key=statement.find)
    return list(dict.fromkeys(ordered))


def passes(statement: str, cited: Sequence[str]) -> bool:
    return not unsupported(statement, cited)


def _number_key(number: str) -> str:
    digits = number.rstrip(",.").replace(",", "")
    return digits.rstrip("0").rstrip(".") if "." in digits else digits


def _name_key(word: str) -> str:
    """Possessives and month abbreviations compare with the plain name."""
    word = re.sub(r"['’]s?$", "", word)
    return _MONTH_NAME.get(word.lower(), word)


def _starts_sentence(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 6) : start]))
