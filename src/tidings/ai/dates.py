"""Dates as news writes them, found in text and resolved against the day of publication.

News dates are relative to the day the article came out: "on Thursday" in an article
published on a Saturday is the Thursday two days before, "Nov 6" with no year is the
6 November nearest before publication (a few days after is allowed: "on Nov 9 the court
will rule"). A phrase is resolved to the precision it gives, as ISO 8601 allows:
"2016-11-06", "2016-11" ("in November 2016"), "2012" ("in 2012").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A date without a year may lie this far after publication ("the vote on Nov 9").
FUTURE_DAYS = 14

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PART = r"(?:\s+(?i:morning|afternoon|evening|night))?"
DATE_PHRASE = re.compile(
    rf"""\b(?:
        (?P<iso>{_YEAR}-[01]\d-[0-3]\d)
      | (?:{_WEEKDAY},?\s+)?(?P<month_day>{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?)
      | (?:{_WEEKDAY},?\s+)?(?P<day_month>{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?)
      | (?P<month_year>{_MONTH}\s+{_YEAR})
      | (?P<weekday>(?:(?i:last|this|on|next)\s+)?{_WEEKDAY}{_PART})
      | (?P<relative>(?i:yesterday{_PART}|today|tonight|tomorrow{_PART}|last\s+night
         |this\s+(?:morning|afternoon|evening|week)))
      | (?P<year>(?<=in\s){_YEAR})
    )\b""",
    re.VERBOSE,
)
# "On Thursday" is found with its preposition, which is not part of the date; month and
# day names must be capitalised ("may" is a verb).
_LEADING_WORD = re.compile(r"^(?:on|this)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class DatePhrase:
    text: str
    start: int
    end: int
    date: str | None  # ISO 8601 at the precision the phrase gives; None when unresolved


def find_dates(text: str, published: date | None) -> list[DatePhrase]:
    """Every date phrase of ``text`` in order, each resolved against ``published``."""
    found = []
    for match in DATE_PHRASE.finditer(text):
        leading = _LEADING_WORD.match(match.group())
        start = match.start() + (leading.end() if leading else 0)
        found.append(
            DatePhrase(text[start : match.end()], start, match.end(), resolve(match, published))
        )
    return found


def resolve(match: re.Match[str], published: date | None) -> str | None:
    kind = match.lastgroup
    phrase = match.group(kind).lower()
    if kind == "iso":
        return phrase
    if kind == "year":
        return phrase
    if kind == "month_year":
        month, year = phrase.split()
        return f"{year}-{_month_number(month):02d}"
    if kind in ("month_day", "day_month"):
        return _calendar_date(phrase, published)
    if published is None:
        return None
    if kind == "weekday":
        return _weekday_before(phrase, published).isoformat()
    return _relative(phrase, published).isoformat()


def _month_number(word: str) -> int:
    word = word.rstrip(".").lower()
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word[:4] if word == "sept" else word[:3]]


def _calendar_date(phrase: str, published: date | None) -> str | None:
    words = re.findall(r"[a-z]+|\d+", phrase)
    numbers = [int(word) for word in words if word.isdigit()]
    month = _month_number(next(word for word in words if not word.isdigit()))
    day = numbers[0] if numbers[0] <= 31 else numbers[-1]
    years = [number for number in numbers if number > 31]
    try:
        if years:
            return date(years[0], month, day).isoformat()
        if published is None:
            return None
        candidate = date(published.year, month, day)
        if candidate > published + timedelta(days=FUTURE_DAYS):
            candidate = date(published.year - 1, month, day)
        return candidate.isoformat()
    except ValueError:  # "February 30"
        return None


def _weekday_before(phrase: str, published: date) -> date:
    """The named weekday on or before publication; "last Friday" said on a Friday is a
    week before, "next Friday" is after."""
    words = phrase.split()
    weekday = next(WEEKDAYS.index(word) for word in words if word in WEEKDAYS)
    if words[0] == "next":
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    back = (published.weekday() - weekday) % 7
    if back == 0 and words[0] == "last":
        back = 7
    return published - timedelta(days=back)


def _relative(phrase: str, published: date) -> date:
    if phrase.startswith("yesterday") or phrase.startswith("last"):
        return published - timedelta(days=1)
    if phrase.startswith("tomorrow"):
        return published + timedelta(days=1)
    return published
