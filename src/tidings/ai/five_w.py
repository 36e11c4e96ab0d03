"""Who, what, when, where, why and how of one article, each a stretch of its headline or
its opening sentences, or nothing when the article does not say.

News answers the five W in its headline and first sentences, so only those are read
(``WINDOW`` sentences; further in, an answer is more often about something else):

- who: the first person, organisation or group named in the headline, else in the lead;
- what: the headline after its subject ("slams 'rigged' FBI");
- when: the first date phrase, resolved against the day of publication (``dates``);
- where: the dateline ("WASHINGTON (Reuters) -"), else the first place named;
- why: a clause opened by a causal marker ("because", "after", "due to", "amid" ...);
- how: a manner phrase ("by ...ing", "using", "through", "via").

With spaCy (the ``ml`` extra) names and places come from its entities; without it, from
capitalised words ("in Paris"). Answers from the headline say so (``"in": "title"``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tidings.ai.dates import find_dates
from tidings.enrich.sentences import (
    is_furniture,
    is_heading,
    lead_in_length,
    split_sentences,
    word_set,
)
from tidings.enrich.tagging_models import spacy_model

QUESTIONS = ("who", "what", "when", "where", "why", "how")
# Sentences read after the headline, per question, as cross-validation picked them most.
WINDOW = {"who": 1, "when": 3, "where": 3, "why": 5, "how": 5}
WHO_LABELS = ("PERSON", "ORG", "NORP")
WHERE_LABELS = ("GPE", "LOC", "FAC")
MAX_CLAUSE_WORDS = 15

_CAUSE = re.compile(
    r"\b(?:because(?: of)?|due to|owing to|amid|as a result of|in response to|after)\s+",
    re.IGNORECASE,
)
_MANNER = re.compile(r"\b(?:by\s+(?=\w+ing\b)|using\s+|through\s+|via\s+)", re.IGNORECASE)
_NOT_SPACE = re.compile(r"\S+")
_CLAUSE_END = re.compile(r"[,;:.!?—–()\"“”]|\s-\s")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’.-]*)*")
_COMMON_OPENERS = word_set(
    "The A An In On At After As But And He She It They This That Officials Police"
)
_DATELINE_PLACE = re.compile(r"^([A-Z][\w.'’ -]*?(?:,\s*[A-Z][\w.'’ -]*?)?)\s*(?:\(|[-—–,])")


@dataclass(frozen=True)
class Answer:
    text: str
    start: int
    end: int
    in_title: bool = False
    date: str | None = None

    def as_json(self) -> dict:
        found = {"text": self.text, "start": self.start, "end": self.end}
        if self.in_title:
            found["in"] = "title"
        if self.date:
            found["date"] = self.date
        return found


@dataclass(frozen=True)
class _Span:
    """A stretch of the headline (``in_title``) or the text to look in."""

    text: str
    offset: int
    in_title: bool

    def answer(self, start: int, end: int, day: str | None = None) -> Answer:
        piece = self.text[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip(" ,;:'\"’”"))
        return Answer(
            self.text[start:end], self.offset + start, self.offset + end, self.in_title, day
        )


def spacy_available() -> bool:
    return spacy_model() is not None


def five_w(
    title: str,
    text: str,
    published: date | None,
    *,
    use_spacy: bool = True,
    window: dict[str, int] = WINDOW,
) -> dict[str, Answer | None]:
    """Each question's answer, or None where the headline and lead do not say."""
    return five_w_of_many([(title, text, published)], use_spacy=use_spacy, window=window)[0]


def five_w_of_many(
    articles: Sequence[tuple[str, str, date | None]],
    *,
    use_spacy: bool = True,
    window: dict[str, int] = WINDOW,
) -> list[dict[str, Answer | None]]:
    """``five_w`` of each (title, text, published), with one spaCy pass over all their
    pieces: spaCy runs a batch about twice as fast as the same texts one at a time."""
    read = []
    for title, text, published in articles:
        lead = _lead(text, max(window.values()))
        spans = {q: [_Span(title, 0, True), *lead[: window[q]]] for q in window}
        read.append((title, published, lead, spans))
    # Names and places come from spaCy's entities (the tagger's model: entities only).
    # Only "who" and "where" read them, and "where" none when there is a dateline.
    parse = spacy_model() if use_spacy else None
    docs = {}
    if parse is not None:
        pieces = dict.fromkeys(
            span.text
            for _title, _published, lead, spans in read
            for question in ("who", "where")
            if question == "who" or _dateline(lead) is None
            for span in spans[question]
        )
        docs = dict(zip(pieces, parse.pipe(pieces), strict=True))
    return [
        {
            "who": _first(spans["who"], lambda s: _who(s, docs.get(s.text))),
            "what": _what(title),
            "when": _first(spans["when"], lambda s, day=published: _when(s, day)),
            "where": _dateline(lead)
            or _first(spans["where"], lambda s: _where(s, docs.get(s.text))),
            "why": _first(spans["why"], lambda s: _clause(s, _CAUSE)),
            "how": _first(spans["how"], lambda s: _clause(s, _MANNER)),
        }
        for title, published, lead, spans in read
    ]


def _lead(text: str, count: int) -> list[_Span]:
    """The first ``count`` prose sentences, datelines included (``where`` reads them)."""
    spans = []
    for sentence in split_sentences(text):
        if len(spans) >= count:
            break
        if is_furniture(sentence.text) or is_heading(sentence.text):
            continue
        spans.append(_Span(sentence.text, sentence.start, False))
    return spans


def _first(spans, find):
    for span in spans:
        if span.text and (found := find(span)) is not None:
            return found
    return None


def _who(span: _Span, doc) -> Answer | None:
    skip = 0 if span.in_title else lead_in_length(span.text)  # a dateline names no actor
    if doc is not None:
        for entity in doc.ents:
            if entity.label_ in WHO_LABELS and entity.start_char >= skip:
                return span.answer(entity.start_char, entity.end_char)
        return None
    for match in _CAPITALISED.finditer(span.text, skip):
        words = match.group().split()
        opening = _starts(span.text, match.start()) and not span.in_title
        if len(words) == 1 and (
            words[0] in _COMMON_OPENERS or (opening and not words[0].isupper())
        ):
            continue
        return span.answer(match.start(), match.end())
    return None


def _what(title: str) -> Answer | None:
    """The headline after its subject ("slams 'rigged' FBI ..."): on the development set
    this matched the coders better than the verb phrase spaCy's parse gives (F1 54 / 29)."""
    if not title.strip():
        return None
    match = _CAPITALISED.match(title)
    start = match.end() if match and match.end() < len(title) else 0
    return _Span(title, 0, True).answer(start, len(title))


def _when(span: _Span, published: date | None) -> Answer | None:
    for phrase in find_dates(span.text, published):
        return span.answer(phrase.start, phrase.end, phrase.date)
    return None


def _dateline(lead: list[_Span]) -> Answer | None:
    """The place of the dateline, if the first sentence has one."""
    if not lead:
        return None
    span = lead[0]
    length = lead_in_length(span.text)
    match = _DATELINE_PLACE.match(span.text[:length]) if length else None
    return span.answer(match.start(1), match.end(1)) if match else None


def _where(span: _Span, doc) -> Answer | None:
    if doc is not None:
        for entity in doc.ents:
            if entity.label_ in WHERE_LABELS:
                return span.answer(entity.start_char, entity.end_char)
        return None
    match = re.search(r"\bin\s+(" + _CAPITALISED.pattern + ")", span.text)
    return span.answer(match.start(1), match.end(1)) if match else None


def _clause(span: _Span, marker: re.Pattern[str]) -> Answer | None:
    """The marker and the words after it, to the end of the clause (at most
    ``MAX_CLAUSE_WORDS``)."""
    match = marker.search(span.text)
    if match is None:
        return None
    end = _CLAUSE_END.search(span.text, match.end())
    words = list(
        _NOT_SPACE.finditer(span.text, match.end(), end.start() if end else len(span.text))
    )
    if not words:
        return None
    return span.answer(match.start(), words[:MAX_CLAUSE_WORDS][-1].end())


def _starts(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?\n:"
