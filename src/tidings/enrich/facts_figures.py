"""Key facts: the numbers, quantities, money, percentages and dates an article states, each
with what it counts and the sentence it comes from.

Nothing is stated that is not in the text: ``value``, ``unit`` and ``what`` are each a
stretch of the fact's ``sentence`` as written ("at least 1,200" / "" / "POWs on each
side"), and ``start``/``end`` are the offsets of that sentence in the article's text.
The rules read English (number words, currencies, "at least", "percent of"), so other
languages are skipped, and they need no model, so every installation gives the same
facts. Facts are ranked: money, percentages and counts of something in the first
paragraphs before durations and bare years; an article keeps at most ``MAX_FACTS``.

This module reads the figures and ranks them; ``facts_what`` finds what each one counts,
and ``facts`` is the stage that stores them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tidings.enrich.facts_what import STOP_WORDS, what_of
from tidings.enrich.sentences import (
    Sentence,
    is_furniture,
    is_heading,
    lead_in_length,
    split_sentences,
    word_set,
)

MAX_FACTS = 8
MAX_PER_SENTENCE = 3
LEAD_BONUS = 2.0  # added to a fact in the first sentence, fading with later sentences
LEAD_DECAY = 6.0  # in sentences

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|million|billion|trillion"
_MONTH = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_CURRENCY_SIGN = r"US\$|A\$|C\$|HK\$|NZ\$|R\$|\$|€|£|¥|₹|₽|₩|₺|₪"
_CURRENCY_CODE = r"USD|EUR|GBP|JPY|CNY|RMB|INR|RUB|CHF|AUD|CAD"
_CURRENCY_WORD = (
    r"dollars?|euros?|pounds sterling|pounds|yen|yuan|renminbi|rubles?|roubles?|rupees?"
    r"|francs?|pesos?|won|lira|shekels?|naira|rand|ringgit|baht|zloty|kronor|kroner"
)
_MEASURE = (
    r"square (?:kilometers|kilometres|miles|meters|metres|feet)|km|kilometers|kilometres"
    r"|miles|meters|metres|feet|foot|inches|cm|mm|kg|kilograms|grams|tonnes|tons|lbs"
    r"|ounces|liters|litres|gallons|barrels|hectares|acres|degrees Celsius"
    r"|degrees Fahrenheit|degrees|°C|°F|mph|km/h|kph|MW|GW|kW|kWh|megawatts|gigawatts"
)
_DURATION = r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries"
_NUMBER_WORD = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|a hundred|hundred|a thousand|a million|a dozen|dozen"
)
_VAGUE = (
    r"tens of thousands|hundreds of thousands|tens of millions|hundreds of millions"
    r"|dozens|hundreds|thousands|millions|billions|scores"
)
# Where a figure may not start or end: inside a word or a code ("COVID-19", "G7", "A320"),
# a time ("10:30"), a fraction ("3/4") or a longer number.
_NOT_BEFORE = r"(?<![\w.,:/%$€£¥-])"
_NOT_AFTER = r"(?![\w%/:]|[.,]\d|-\w)"


def _spaced(alternatives: str) -> str:
    """A word list for the verbose pattern below, where a plain space would be ignored."""
    return alternatives.replace(" ", r"\s")


_FIGURE = re.compile(
    rf"""
    (?P<money>
        (?P<sign>{_CURRENCY_SIGN})\s?(?P<money_value>(?:{_NUMBER})(?:\s?(?:{_SCALE}|bn|m|k)\b)?)
      | (?P<code>{_CURRENCY_CODE})\s?(?P<code_value>(?:{_NUMBER})(?:\s(?:{_SCALE}))?)\b
      | {_NOT_BEFORE}(?P<worded_value>(?:{_NUMBER})(?:\s(?:{_SCALE}))?)\s
        (?P<currency>{_spaced(_CURRENCY_WORD)})\b
    )
  | {_NOT_BEFORE}(?P<percent_value>{_NUMBER})\s?
        (?P<percent>%|percentage\ points?\b|percent\b|per\ cent\b)
  | (?P<date>
        \b(?:{_MONTH})\s\d{{1,2}}(?:st|nd|rd|th)?(?:\s?(?:-|–|and|to|through)\s?\d{{1,2}})?
        (?:,?\s(?:1[89]|20)\d\d)?(?![\w:])
      | \b\d{{1,2}}(?:\s?(?:-|–)\s?\d{{1,2}})?\s(?:{_MONTH})(?:,?\s(?:1[89]|20)\d\d)?\b
      | \b(?:{_MONTH})\s(?:1[89]|20)\d\d\b
    )
  | {_NOT_BEFORE}(?P<age_value>\d{{1,3}})-year-old\b
  | {_NOT_BEFORE}(?P<measure_value>(?:{_NUMBER})(?:\s?(?:-|–|to)\s?(?:{_NUMBER}))?)\s?
        (?P<measure>{_spaced(_MEASURE)})\b
  | {_NOT_BEFORE}(?P<duration_value>(?:{_NUMBER})|(?:{_spaced(_NUMBER_WORD)})(?:-\w+)?)\s
        (?P<duration>{_DURATION})\b
  | {_NOT_BEFORE}(?P<year>(?:1[89]|20)\d\d)(?![\w%/:]|[.,]\d|-\w|\s(?:{_SCALE})\b)
  | {_NOT_BEFORE}(?P<count>
        (?:{_NUMBER})(?:\s?(?:-|–|to)\s?(?:{_NUMBER}))?(?:\s(?:{_SCALE}))?{_NOT_AFTER}
      | \b(?i:{_spaced(_VAGUE)})(?=\sof\b)
      | \b(?i:{_spaced(_NUMBER_WORD)})(?:-(?:{_spaced(_NUMBER_WORD)}))?(?:\s(?:{_SCALE}))?\b(?!-\w)
    )
    """,
    re.VERBOSE,
)
# A quick look for anything a figure could start with; most sentences have none. The
# words come from the patterns above ("Sept?\." gives "sept", hence "sep" added).
_DIGIT_OR_SIGN = re.compile(r"[\d$€£¥₹₽₩₺₪]")
_LETTERS = re.compile(r"[a-z]+")
_FIGURE_WORDS = frozenset(
    re.sub(r"\\.|\?", "", f"{_NUMBER_WORD}|{_VAGUE}|{_MONTH}|sep")
    .lower()
    .replace(" ", "|")
    .split("|")
) - {"a", "of"}
# Hedges and changes that belong to the figure: "at least 1,200", "down by 36".
_QUALIFIER = re.compile(
    r"""(?:\b(?:just|well)\s)?\b(?:at\ least|at\ most|more\ than|less\ than|fewer\ than
        |over|under|up\ to|nearly|almost|about|around|approximately|roughly|some
        |an\ estimated|as\ many\ as|as\ much\ as|down\ by|up\ by|down|up|between)\s$""",
    re.IGNORECASE | re.VERBOSE,
)
# A name followed by an age in commas: "Oksana Kupriyenko, 52, was holding ..."
_NAMED_AGE = re.compile(r"(?P<who>(?:[A-Z][\w'’-]+\s){0,3}[A-Z][\w'’-]+),\s(?P<age>\d{1,3}),")
# Not facts: telephone numbers and times of day.
_NOISE = re.compile(
    r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|ET\b)"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b\d{7,}\b",
    re.IGNORECASE,
)
_BEFORE_YEARS = word_set(
    """in since by from until till of to and or early late mid before after between during
    year season since"""
)
_REFERRING = word_set("the these those both all its their his her our my your")
_KIND_WEIGHT = {
    "money": 3.0,
    "percent": 3.0,
    "count": 2.5,
    "measure": 2.5,
    "age": 1.5,
    "date": 1.5,
    "rough count": 1.5,
    "duration": 1.0,
    "year": 0.5,
}


@dataclass(frozen=True)
class Fact:
    value: str
    unit: str
    what: str
    sentence: str
    start: int  # offsets of ``sentence`` (not of the figure) in the article's text
    end: int


@dataclass(frozen=True)
class _Found:
    fact: Fact
    kind: str
    score: float


def extract_facts(text: str, *, limit: int = MAX_FACTS) -> list[Fact]:
    """The ``limit`` most important facts stated in ``text``, best first."""
    found: list[_Found] = []
    for index, sentence in enumerate(split_sentences(text)):
        if not _may_have_figure(sentence.text):
            continue
        if is_furniture(sentence.text) or is_heading(sentence.text):
            continue
        lead = LEAD_BONUS * math.exp(-index / LEAD_DECAY)
        in_sentence = sorted(_facts_in(sentence), key=lambda f: -f.score)
        found.extend(_Found(f.fact, f.kind, f.score + lead) for f in in_sentence[:MAX_PER_SENTENCE])
    found.sort(key=lambda f: -f.score)
    kept: list[Fact] = []
    seen: set[tuple[str, str, str]] = set()
    for item in found:
        key = (item.fact.value.lower(), item.fact.unit.lower(), item.fact.what.lower())
        if key in seen:
            continue
        seen.add(key)
        kept.append(item.fact)
        if len(kept) == limit:
            break
    return kept


def _may_have_figure(sentence: str) -> bool:
    """A quick look for anything a figure could start with; most sentences have none."""
    if _DIGIT_OR_SIGN.search(sentence):
        return True
    return not _FIGURE_WORDS.isdisjoint(_LETTERS.findall(sentence.lower()))


def _facts_in(sentence: Sentence) -> list[_Found]:
    text = sentence.text
    body_start = lead_in_length(text)
    masked = _mask(text)
    facts = []
    for match in _NAMED_AGE.finditer(masked, body_start):
        facts.append(_found(sentence, "age", match.span("age"), None, match.span("who"), False))
        masked = (
            masked[: match.start("age")]
            + "#" * len(match.group("age"))
            + masked[match.end("age") :]
        )
    for match in _FIGURE.finditer(masked, body_start):
        found = _read_figure(sentence, masked, match)
        if found is not None:
            facts.append(found)
    return facts


def _mask(text: str) -> str:
    """The sentence with telephone numbers and times blotted out, offsets unchanged."""
    return _NOISE.sub(lambda m: "#" * len(m.group()), text)


def _read_figure(sentence: Sentence, text: str, match: re.Match[str]) -> _Found | None:
    """One figure as a fact, or None when it counts nothing we can name."""
    groups = match.groupdict()
    unit_span: tuple[int, int] | None = None
    if groups["money"]:
        # "$2 million" keeps its sign in the value, so that "up to $8 billion" reads as
        # written; "4.2 million euros" has its currency after the value.
        unit_group = next(g for g in ("sign", "code", "currency") if groups[g])
        unit_span, kind = match.span(unit_group), "money"
        value_span = match.span("money") if unit_group != "currency" else match.span("worded_value")
    elif groups["percent_value"]:
        value_span, unit_span, kind = match.span("percent_value"), match.span("percent"), "percent"
    elif groups["age_value"]:
        value_span, unit_span, kind = (
            match.span("age_value"),
            (match.end("age_value") + 1, match.end()),
            "age",
        )
    elif groups["measure_value"]:
        value_span, unit_span, kind = match.span("measure_value"), match.span("measure"), "measure"
    elif groups["duration_value"]:
        value_span, unit_span, kind = (
            match.span("duration_value"),
            match.span("duration"),
            "duration",
        )
    elif groups["date"]:
        value_span, kind = match.span("date"), "date"
    elif groups["year"]:
        value_span = match.span("year")
        previous = re.search(r"(\w+)\s$", text[: value_span[0]])
        # "in 2002" is a year; "2000 people" is a count.
        in_time = previous is not None and previous.group(1).lower() in _BEFORE_YEARS
        kind = "year" if in_time else "count"
        if kind == "count" and (
            not re.match(r"\s[a-z]+s\b", text[value_span[1] :])
            or _names_a_model(text, value_span[0])
        ):
            return None  # "Resolution 1973 allows", not "2000 protesters"
    else:
        value_span = match.span("count")
        figure = match.group("count")
        kind = "count" if figure[0].isdigit() else "rough count"
        if _names_a_model(text, value_span[0]) or _is_score(figure):
            return None
        if kind == "rough count" and figure[0].isupper() and text[: value_span[0]].strip():
            return None  # "World War Two", "Two Rivers": part of a name
    if kind in {"count", "rough count", "duration"} and _is_referential(text, value_span[0]):
        return None
    if kind == "date" and re.search(r"\b[A-Z]{3,},?\s$", text[: value_span[0]]):
        return None  # a dateline inside the sentence: "FRIDAY, April 1 (HealthDay News)"
    if kind in {"money", "measure"} and text[: match.start()].endswith("("):
        return None  # a conversion of the figure before: "3,700 kilometers (2,300 miles)"
    qualified = _QUALIFIER.search(text, 0, value_span[0])
    if qualified and not _qualifies(qualified.group(), kind):
        qualified = None
    if qualified:
        value_span = (qualified.start(), value_span[1])
    figure_end = max(value_span[1], unit_span[1] if unit_span else 0)
    what_span = what_of(text, kind, figure_end, value_span[0])
    if what_span is None and kind in {"count", "rough count"}:
        return None  # a bare number ("aged 18", "won 8-7") says too little on its own
    return _found(sentence, kind, value_span, unit_span, what_span, bool(qualified))


def _found(
    sentence: Sentence,
    kind: str,
    value: tuple[int, int],
    unit: tuple[int, int] | None,
    what: tuple[int, int] | None,
    qualified: bool,
) -> _Found:
    text = sentence.text
    fact = Fact(
        value=text[value[0] : value[1]],
        unit=text[unit[0] : unit[1]] if unit else "",
        what=text[what[0] : what[1]] if what else "",
        sentence=text,
        start=sentence.start,
        end=sentence.end,
    )
    score = _KIND_WEIGHT[kind] + (1.0 if what else 0.0) + (0.3 if qualified else 0.0)
    return _Found(fact, kind, score)


def _names_a_model(text: str, start: int) -> bool:
    """Whether the number is part of a name: "Boeing 737", "Flight 447", "No. 1"."""
    before = text[:start]
    word = re.search(r"([\w.#]+)\s$", before)
    if word is None:
        return False
    name = word.group(1)
    if name.lower() in {"no.", "number", "#", "article", "section", "chapter", "page"}:
        return True
    at_sentence_start = not before[: word.start()].strip()
    adverb = at_sentence_start and name.lower() in STOP_WORDS | {"only", "just", "another", "fully"}
    has_capital = any(ch.isupper() for ch in name)  # "Boeing", "iPad"
    return has_capital and not adverb and not _QUALIFIER.search(before)


def _qualifies(qualifier: str, kind: str) -> bool:
    """Whether the word before a figure hedges it: "between" belongs to a range of counts,
    a bare "up"/"down" to a change in a rate or an amount ("up 12 percent"), not to "set up
    hundreds of accounts"."""
    word = qualifier.strip().lower()
    if word == "between":
        return kind == "count"
    if word in {"up", "down"}:
        return kind in {"percent", "money", "measure"}
    return True


def _is_score(figure: str) -> bool:
    """Whether "4-1" is a result ("a 4-1 win"), not a range."""
    ends = re.fullmatch(r"(\d+)\s?[-–]\s?(\d+)", figure)
    return bool(ends) and int(ends.group(2)) < int(ends.group(1))


def _is_referential(text: str, start: int) -> bool:
    """Whether the number refers back instead of counting: "the two sides", "its 12 members"."""
    word = re.search(r"(\w+)\s$", text[:start])
    return bool(word) and word.group(1).lower() in _REFERRING
