"""Key facts: the numbers, quantities, money, percentages and dates an article states, each
with what it counts and the sentence it comes from.

Nothing is stated that is not in the text: ``value``, ``unit`` and ``what`` are each a
stretch of the fact's ``sentence`` as written ("at least 1,200" / "" / "POWs on each
side"), and ``start``/``end`` are the offsets of that sentence in the article's text.
The rules read English (number words, currencies, "at least", "percent of"), so other
languages are skipped, and they need no model, so every installation gives the same
facts. Years are not facts, and dates come last.

The numbers that carry the news come first: those of the lead (its first sentences),
those the headline repeats, money, percentages, and casualties and votes; an article
keeps at most ``MAX_FACTS``. The weights are set by hand, not fitted to data.

This module reads the figures and ranks them; ``facts_patterns`` finds them,
``facts_what`` finds what each one counts, and ``facts`` is the stage that stores them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tidings.enrich.facts_amounts import amounts, stated_amounts
from tidings.enrich.facts_patterns import (
    DIGIT_OR_SIGN,
    FIGURE,
    FIGURE_WORDS,
    LETTERS,
    NAMED_AGE,
    NOISE,
    QUALIFIER,
)
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
MAX_PER_SENTENCE = 4
LEAD_BONUS = 4.0  # added to a fact in the first sentence of prose, fading with later ones
LEAD_DECAY = 3.0  # in sentences
HEADLINE_BONUS = 2.0  # for a figure whose amount the headline states
NEWS_BONUS = 1.0  # for counts of the dead, the hurt, votes

_BEFORE_YEARS = word_set(
    """in since by from until till of to and or early late mid before after between during
    year season since"""
)
_REFERRING = word_set("the these those both all its their his her our my your")
_NEWS_WORDS = word_set(
    """killed killing kills kill dead deaths died die dies wounded wounding wounds injured
    injuring injuries hurt missing casualties victims arrested detained displaced evacuated
    rescued infected cases votes voted for against favour favor abstentions seats"""
)
_KIND_WEIGHT = {
    "money": 3.0,
    "percent": 3.0,
    "count": 2.5,
    "measure": 2.5,
    "score": 2.5,
    "age": 1.5,
    "rough count": 1.5,
    "duration": 1.0,
    "date": 0.5,
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


def extract_facts(text: str, *, limit: int = MAX_FACTS, title: str = "") -> list[Fact]:
    """The ``limit`` most important facts stated in ``text``, best first; figures that
    ``title`` (the headline) repeats rank higher."""
    headline = {round(amount.amount, 6) for amount in amounts(title)}
    found: list[_Found] = []
    prose = 0
    for sentence in split_sentences(text):
        if is_furniture(sentence.text) or is_heading(sentence.text):
            continue
        lead = LEAD_BONUS * math.exp(-prose / LEAD_DECAY)
        prose += 1
        if not _may_have_figure(sentence.text):
            continue
        in_sentence = sorted(_facts_in(sentence), key=lambda f: -f.score)
        for item in in_sentence[:MAX_PER_SENTENCE]:
            repeated = bool(headline & stated_amounts(item.fact.value))
            bonus = lead + (HEADLINE_BONUS if repeated else 0.0)
            found.append(_Found(item.fact, item.kind, item.score + bonus))
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
    if DIGIT_OR_SIGN.search(sentence):
        return True
    return not FIGURE_WORDS.isdisjoint(LETTERS.findall(sentence.lower()))


def _facts_in(sentence: Sentence) -> list[_Found]:
    text = sentence.text
    body_start = lead_in_length(text)
    masked = _mask(text)
    facts = []
    for match in NAMED_AGE.finditer(masked, body_start):
        facts.append(_found(sentence, "age", match.span("age"), None, match.span("who"), False))
        masked = (
            masked[: match.start("age")]
            + "#" * len(match.group("age"))
            + masked[match.end("age") :]
        )
    for match in FIGURE.finditer(masked, body_start):
        found = _read_figure(sentence, masked, match)
        if found is not None:
            facts.append(found)
    return facts


def _mask(text: str) -> str:
    """The sentence with telephone numbers, times and numeric dates blotted out, offsets
    unchanged."""
    return NOISE.sub(lambda m: "#" * len(m.group()), text)


def _kind_and_spans(
    text: str, match: re.Match[str]
) -> tuple[str, tuple[int, int], tuple[int, int] | None] | None:
    """What kind of figure a match is, where its value is and where its unit; None when it
    is no fact (a bare year, a number in a name)."""
    groups = match.groupdict()
    if groups["money"]:
        # "$2 million" keeps its sign in the value, so that "up to $8 billion" reads as
        # written; "4.2 million euros" has its currency after the value.
        unit = next(g for g in ("sign", "code", "currency") if groups[g])
        value = match.span("money") if unit != "currency" else match.span("worded_value")
        return "money", value, match.span(unit)
    for kind, value, unit in (
        ("percent", "percent_value", "percent"),
        ("age", "aged_value", "aged"),
        ("measure", "measure_value", "measure"),
        ("duration", "duration_value", "duration"),
    ):
        if groups[value]:
            return kind, match.span(value), match.span(unit)
    if groups["age_value"]:
        unit_start, unit_end = match.span("age_unit")
        return "age", match.span("age_value"), (unit_start + 1, unit_end)
    if groups["compound_value"]:
        # "a 131-page report", "a 25-tonne truck": the word after the hyphen is the unit
        kind = "count" if groups["compound_value"][0].isdigit() else "rough count"
        return kind, match.span("compound_value"), match.span("compound")
    if groups["date"]:
        return "date", match.span("date"), None
    if groups["score"]:
        first, second = re.split(r"\s?[-–]\s?", groups["score"])
        kind = "score" if int(second) <= int(first) else "count"  # "8-7" but "10-15 people"
        return kind, match.span("score"), None
    if groups["year"]:
        value = match.span("year")
        previous = re.search(r"(\w+)\s$", text[: value[0]])
        # "in 2002" is a year and no fact; "2000 protesters" is a count.
        if previous is not None and previous.group(1).lower() in _BEFORE_YEARS:
            return None
        if not re.match(r"\s[a-z]+s\b", text[value[1] :]) or _names_a_model(text, value[0]):
            return None  # "Resolution 1973 allows", not "2000 protesters"
        return "count", value, None
    value = match.span("count")
    figure = match.group("count")
    kind = "count" if figure[0].isdigit() else "rough count"
    if _names_a_model(text, value[0]):
        return None
    if kind == "rough count" and figure[0].isupper() and text[: value[0]].strip():
        return None  # "World War Two", "Two Rivers": part of a name
    return kind, value, None


def _read_figure(sentence: Sentence, text: str, match: re.Match[str]) -> _Found | None:
    """One figure as a fact, or None when it counts nothing we can name."""
    read = _kind_and_spans(text, match)
    if read is None:
        return None
    kind, value_span, unit_span = read
    if kind in {"rough count", "duration"} and _is_referential(text, value_span[0]):
        return None  # "the two sides": a number word that refers back
    if kind == "date" and re.search(r"\b[A-Z]{3,},?\s$", text[: value_span[0]]):
        return None  # a dateline inside the sentence: "FRIDAY, April 1 (HealthDay News)"
    if kind in {"money", "measure"} and text[: match.start()].endswith("("):
        return None  # a conversion of the figure before: "3,700 kilometers (2,300 miles)"
    hedge_after = re.match(r"\sor\s(?:more|so)\b", text[value_span[1] :])
    if hedge_after and unit_span is None:
        value_span = (value_span[0], value_span[1] + hedge_after.end())  # "107 or more"
    qualified = QUALIFIER.search(text, 0, value_span[0])
    if qualified and not _qualifies(qualified.group(), kind):
        qualified = None
    if qualified:
        value_span = (qualified.start(), value_span[1])
    figure_end = max(value_span[1], unit_span[1] if unit_span else 0)
    what_span = what_of(text, kind, figure_end, value_span[0])
    if what_span is None and kind in {"count", "rough count"}:
        return None  # a bare number ("won 8 of them") says too little on its own
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
    if not _NEWS_WORDS.isdisjoint(fact.what.lower().split()):
        score += NEWS_BONUS
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
    return has_capital and not adverb and not QUALIFIER.search(before)


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


def _is_referential(text: str, start: int) -> bool:
    """Whether the number refers back instead of counting: "the two sides", "its 12 members"."""
    word = re.search(r"(\w+)\s$", text[:start])
    return bool(word) and word.group(1).lower() in _REFERRING
