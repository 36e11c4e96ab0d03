"""The amounts a piece of text states: "£2m" is 2,000,000, "a dozen" is 12, "two-thirds"
is 2/3. The key facts use them to rank first the figures a headline repeats, and the
lead-number measure to tell whether a fact states a number of the headline or the lead.

Years, dates, clock times, ordinals and digits inside codes or labels ("G7", "MH17",
"COVID-19", "1990s", "No. 446") are not amounts: they count nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_TEENS = ["thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES: dict[str, float] = {
    **{word: value for value, word in enumerate(_UNITS, start=1)},
    **{word: value for value, word in enumerate(_TEENS, start=13)},
    **{word: 10 * tens for tens, word in enumerate(_TENS, start=2)},
    "dozen": 12,
    "hundred": 100,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9}
SCALES |= {"bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
# Letters that may follow a numeral and leave it a quantity: scales and units ("$5bn",
# "10km", "40mph"); any other letters make it a code or an ordinal ("4G", "1st", "1990s").
ATTACHED_UNIT = (
    r"bn|mn|tn|m|b|k|km|kg|mm|cm|ft|mph|kph|kmh|km/h|mw|gw|kw|kwh|gwh|mb|gb|tb|lbs?|oz|ml"
    r"|l|g|t"
)
_NUMERAL = re.compile(
    rf"""(?<![\w.,/:])(?<![A-Za-z]-)
    (?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:(?P<attached>{ATTACHED_UNIT})(?![A-Za-z])|\s(?P<scale>thousand|million|billion|trillion)\b)?
    (?![\w]|[.,:]\d|/\d)""",
    re.VERBOSE | re.IGNORECASE,
)
_NUMBER_WORD = "|".join(sorted(WORD_VALUES, key=len, reverse=True))
_NUMBER_WORDS = re.compile(
    rf"""\b(?P<count>(?:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}))?)
    (?:-(?P<fraction>{"|".join(FRACTIONS)}))?\b""",
    re.VERBOSE | re.IGNORECASE,
)
_DATE_OR_TIME = re.compile(
    rf"""{MONTH}\s\d{{1,2}}\b(?:\s?(?:-|–|and|to)\s?\d{{1,2}}\b)?
    |\b\d{{1,2}}(?:\s?(?:-|–)\s?\d{{1,2}})?\s{MONTH}
    |\b\d{{1,2}}(?:[:.]\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)
    |\b\d{{4}}-\d\d-\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b""",
    re.VERBOSE | re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(r"(?:\bno\.|\bnumber|#)\s?$", re.IGNORECASE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b[A-Z]{3}\s?)$")


@dataclass(frozen=True)
class Amount:
    written: str
    amount: float
    in_words: bool
    start: int


def amounts(text: str) -> Iterator[Amount]:
    """Every quantity written in ``text``, numerals first, then number words ("one" only
    where it is part of a bigger number: "one hundred", "twenty-one")."""
    aside = [match.span() for match in _DATE_OR_TIME.finditer(text)]
    for match in _NUMERAL.finditer(text):
        digits = match.group("digits")
        if any(start <= match.start() < end for start, end in aside):
            continue
        if _LABEL_BEFORE.search(text[: match.start()]):
            continue
        scale = (match.group("scale") or match.group("attached") or "").lower()
        is_year = _YEAR.fullmatch(digits) and not scale
        if is_year and not _CURRENCY_BEFORE.search(text[: match.start()]):
            continue
        amount = float(digits.replace(",", "")) * SCALES.get(scale, 1.0)
        yield Amount(match.group(), amount, False, match.start())
    for match in _NUMBER_WORDS.finditer(text):
        words = match.group("count").lower().split("-")
        if words == ["one"] and not match.group("fraction"):
            continue
        amount = sum(WORD_VALUES[word] for word in words)
        if match.group("fraction"):
            amount /= FRACTIONS[match.group("fraction").lower()]
        yield Amount(match.group(), amount, True, match.start())


def stated_amounts(value: str) -> set[float]:
    """The amounts a fact's value states, with and without its scale ("£2 million" is
    both 2,000,000 and 2, so that a headline's "£2m" finds it)."""
    found = set()
    for amount in amounts(value):
        found.add(round(amount.amount, 6))
        if not amount.in_words:
            digits = re.match(r"[\d,.]*\d", amount.written)
            if digits:
                found.add(round(float(digits.group().replace(",", "")), 6))
    return found
