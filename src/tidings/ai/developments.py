"""A story's timeline: the dated developments its articles report, oldest first.

1. A development is a prose sentence of an article's opening (``LEAD_SENTENCES``) that
   names a date, resolved against the article's day of publication ("on Thursday").
   Sentences that only look ahead (a date after publication) are left out: they are
   plans, not developments.
2. Developments of the same day are one entry: the sentence of the earliest article
   states it, and every other article with a sentence on that day that shares most of
   its words is cited beside it.
3. Entries are listed oldest first; only the ``MAX_ENTRIES`` days most articles speak
   of are kept.

The statement is the article's own sentence, so it passes the citation check by
construction; the date is given beside it, as the sentence's words resolve it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from tidings.ai.cited import CitedArticle, statement
from tidings.ai.dates import find_dates

LEAD_SENTENCES = 8
MAX_ENTRIES = 12
SAME_WORDS = 0.4  # share of the shorter sentence's words two reports of one day share
MIN_WORDS = 6

_WORD = re.compile(r"\w+")


def developments(articles: Sequence[CitedArticle]) -> list[dict]:
    """``{"date", "text", "citations"}`` per day, oldest first."""
    days: dict[str, list[tuple[CitedArticle, int, str]]] = {}
    for article in articles:
        for number, text in article.lead(LEAD_SENTENCES, MIN_WORDS):
            for day in _past_dates(text, article.published):
                days.setdefault(day, []).append((article, number, text))
    kept = sorted(days, key=lambda day: -len({a.id for a, _n, _t in days[day]}))[:MAX_ENTRIES]
    entries = []
    for day in sorted(kept):
        reports = days[day]
        article, number, text = reports[0]
        words = _words(text)
        cited = [article.cite_sentence(number)]
        for other, other_number, other_text in reports[1:]:
            if other.id != article.id and _alike(words, _words(other_text)):
                cited.append(other.cite_sentence(other_number))
        entries.append(statement(text, cited, date=day))
    return entries


def _past_dates(text: str, published: date | None) -> list[str]:
    """The days (ISO) the sentence names, on or before publication, once each."""
    days = []
    for phrase in find_dates(text, published):
        day = phrase.date
        if day is None or len(day) != 10:  # a month or a year is no development's day
            continue
        if published is not None and date.fromisoformat(day) > published:
            continue
        days.append(day)
    return list(dict.fromkeys(days))


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) > 3}


def _alike(a: set[str], b: set[str]) -> bool:
    return len(a & b) >= SAME_WORDS * (min(len(a), len(b)) or 1)
