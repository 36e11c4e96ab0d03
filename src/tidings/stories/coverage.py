"""A story's coverage compared across outlets: its key facts side by side, the hashtags
its articles share, and the article its card leads with.

Pure: the edge (``tidings.web.queries.story_coverage``) reads the articles and hands over
plain data.

Facts side by side. Each article's key facts (``tidings.enrich.facts``) say what they
count in the article's own words ("POWs on each side", "prisoners of war"). Two facts
count the same thing when the content words of their ``what`` match once folded (lower
case, Porter stems, no function words, an acronym that another fact of the story uses
standing for the words it abbreviates), their units agree once spelled one way ("%" and
"percent"), and they are the same kind of figure (a number, a date, a year). Within such
a group, values are the same when they are the same amount once hedges are set aside
("at least 1,200" and "1,200"), or else the same words. A group whose outlets give
different values is marked as a disagreement, unless one article itself gives several
values for it: then the words do not single out one quantity ("people" injured and
"people" killed), and the values stand side by side without the claim that outlets
disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from tidings.enrich.porter import stem
from tidings.enrich.sentences import word_set

MAX_FACT_GROUPS = 10
MAX_HASHTAGS = 15

# Words that do not say what a figure counts: "POWs on each side" counts "POWs" and
# "side"; "400 others" says nothing at all.
WHAT_STOP_WORDS = word_set(
    """a an the this that these those its their his her our my your some any each every
    all both other others another of on in at to for from by with into onto over under
    about after before around between among per than as and or but nor who whom whose
    which that what where when while more most less least many much few such same own
    just only also even still very is are was were be been being has have had will would
    said says say told according"""
)
WORD = re.compile(r"[^\W\d_]+")
# An acronym, alone or in the plural ("POWs"); two letters match too many phrases by chance.
ACRONYM = re.compile(r"\b([A-Z]{3,6})s?\b")

# One spelling per unit, so that "55%" and "55 percent" are the same figure.
UNIT_SPELLINGS = {
    "%": "percent",
    "per cent": "percent",
    "percentage point": "percentage points",
    "us$": "$",
    "usd": "$",
    "dollar": "$",
    "dollars": "$",
    "eur": "€",
    "euro": "€",
    "euros": "€",
    "gbp": "£",
    "pound": "£",
    "pounds": "£",
    "pounds sterling": "£",
    "jpy": "¥ (yen)",
    "yen": "¥ (yen)",
    "kilometers": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometre": "km",
    "kph": "km/h",
    "meters": "m",
    "metres": "m",
    "kilograms": "kg",
    "megawatts": "MW",
    "gigawatts": "GW",
    "degrees celsius": "°C",
    "degrees fahrenheit": "°F",
}
MONTHS = word_set(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec"""
)
YEAR = re.compile(r"(?:1[89]|20)\d\d")
# Hedges that leave the amount as it is: "at least 1,200" states the amount 1,200.
HEDGE = re.compile(
    r"""^(?:(?:just|well)\s+)?(?:at\ least|at\ most|more\ than|less\ than|fewer\ than|over
    |under|up\ to|nearly|almost|about|around|approximately|roughly|some|an\ estimated
    |as\ many\ as|as\ much\ as)\s+""",
    re.VERBOSE,
)
# Changes are not levels: "down 36" and "36" are different claims, so the direction stays.
DIRECTION = re.compile(r"^(?P<direction>down|up)(?:\s+by)?\s+")
CURRENCY_MARKS = re.compile(r"us\$|a\$|c\$|hk\$|nz\$|r\$|[$€£¥₹₽₩₺₪]|\b(?:usd|eur|gbp|jpy)\b")
NUMBER = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k))?"
)
SCALES = {
    None: 1,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "hundred": 100,
    "a thousand": 1e3,
    "a million": 1e6,
}


@dataclass(frozen=True)
class StatedFact:
    """One fact as one article states it (the fields of ``facts_for_page``), with the
    article's outlet and a link to the paragraph that says it."""

    article_id: int
    source_id: int
    outlet: str
    link: str
    value: str
    unit: str
    what: str
    figure: str  # value and unit as the sentence writes them
    sentence: str


@dataclass(frozen=True)
class FactValue:
    figure: str  # as most of its sources write it
    sources: tuple[StatedFact, ...]  # one per article, in the order they came

    @property
    def outlet_count(self) -> int:
        return len({fact.source_id for fact in self.sources})

    @property
    def per_outlet(self) -> list[StatedFact]:
        """The first source of each outlet: what a page shows, however many articles an
        outlet wrote."""
        first: dict[int, StatedFact] = {}
        for fact in self.sources:
            first.setdefault(fact.source_id, fact)
        return list(first.values())


@dataclass(frozen=True)
class FactGroup:
    what: str  # in the words most of its sources use
    unit: str  # one spelling per unit ("percent", "$"), "" for plain counts and dates
    values: tuple[FactValue, ...]  # the most widely reported first
    outlet_count: int
    disagree: bool  # outlets give different values for the same thing
    mixed: bool  # one article gives several values: its words do not single out one

    @property
    def source_count(self) -> int:
        return sum(len(value.sources) for value in self.values)


def facts_side_by_side(
    stated: Iterable[StatedFact], limit: int = MAX_FACT_GROUPS
) -> list[FactGroup]:
    """Group the facts that count the same thing and list each group's values with the
    outlets that give them. ``stated`` comes article by article, each article's facts best
    first, so that among equals the earlier comes first.

    1. Collect the acronyms the facts use ("POWs"), so that outlets spelling one out
       ("prisoners of war") count the same thing.
    2. Key each fact by what it counts, its unit and its kind; facts whose ``what`` has
       no content words cannot be compared and are left out.
    3. Within a group, key each value by its amount (or its words); an article stating
       the same value twice counts once.
    4. Rank the groups: stated by more outlets first, then disagreements, then the order
       they came in; keep ``limit``.
    """
    stated = list(stated)
    acronyms = frozenset(match.group(1) for fact in stated for match in ACRONYM.finditer(fact.what))
    # Wire copies repeat the same facts word for word: the foldings are cached.
    groups: dict[tuple, dict[tuple, list[StatedFact]]] = {}
    seen: set[tuple] = set()
    for fact in stated:
        what = normal_what(spell_acronyms(fact.what, acronyms))
        if not what:
            continue
        unit = normal_unit(fact.unit)
        key = (what, unit, figure_kind(fact.value, fact.unit))
        value_key = normal_value(fact.value, fact.unit)
        if (key, value_key, fact.article_id) in seen:
            continue
        seen.add((key, value_key, fact.article_id))
        groups.setdefault(key, {}).setdefault(value_key, []).append(fact)

    built = [_group(key[1], values) for key, values in groups.items()]
    order = {id(group): position for position, group in enumerate(built)}
    built.sort(key=lambda group: (-group.outlet_count, not group.disagree, order[id(group)]))
    return built[:limit]


def _group(unit: str, values: dict[tuple, list[StatedFact]]) -> FactGroup:
    every = [fact for sources in values.values() for fact in sources]
    listed = sorted(
        (
            FactValue(_most_common(fact.figure for fact in sources), tuple(sources))
            for sources in values.values()
        ),
        key=lambda value: -value.outlet_count,
    )
    per_article = Counter(fact.article_id for fact in every)
    mixed = any(count > 1 for count in per_article.values())
    return FactGroup(
        what=_most_common(fact.what for fact in every),
        unit=unit,
        values=tuple(listed),
        outlet_count=len({fact.source_id for fact in every}),
        disagree=len(listed) > 1 and not mixed,
        mixed=mixed,
    )


def _most_common(texts: Iterable[str]) -> str:
    """The most frequent text; the first of them on a tie."""
    counted = Counter(texts)
    return max(counted, key=lambda text: counted[text])


@lru_cache(maxsize=20_000)
def spell_acronyms(what: str, acronyms: frozenset[str]) -> str:
    """``what`` with each run of words whose initials spell one of ``acronyms`` replaced
    by it: "prisoners of war on each side" becomes "POW on each side" when "POW" is known.
    Initials alone decide, so only the acronyms the story's own facts use are tried."""
    words = what.split()
    initials = [word[0].upper() for word in words]
    spelled, position = [], 0
    while position < len(words):
        for acronym in acronyms:
            end = position + len(acronym)
            if end <= len(words) and "".join(initials[position:end]) == acronym:
                spelled.append(acronym)
                position = end
                break
        else:
            spelled.append(words[position])
            position += 1
    return " ".join(spelled)


@lru_cache(maxsize=20_000)
def normal_what(what: str) -> str:
    """What a figure counts, folded for comparison: its content words' stems, sorted."""
    words = (word for word in WORD.findall(what.lower()) if word not in WHAT_STOP_WORDS)
    return " ".join(sorted({stem(word) for word in words if len(word) > 1}))


def normal_unit(unit: str) -> str:
    spelled = " ".join(unit.lower().split())
    return UNIT_SPELLINGS.get(spelled, spelled)


def figure_kind(value: str, unit: str) -> str:
    """ "date" ("June 2", "September 2024"), "year" (a bare year) or "amount"."""
    words = set(re.findall(r"[a-z]+", value.lower()))
    if words & MONTHS:
        return "date"
    if not unit and YEAR.fullmatch(value.strip()):
        return "year"
    return "amount"


@lru_cache(maxsize=20_000)
def normal_value(value: str, unit: str) -> tuple:
    """("amount", direction, number) when the value reads as one amount, else
    ("words", its words): "at least 1,200" gives ("amount", "", 1200.0), "$2.5 million"
    ("amount", "", 2500000.0), "down 36" ("amount", "down", 36.0)."""
    text = " ".join(value.lower().split())
    words = ("words", text)
    text = HEDGE.sub("", text)
    direction = DIRECTION.match(text)
    if direction:
        text = text[direction.end() :]
    spelled_unit = unit.lower().strip()
    if spelled_unit and spelled_unit in text:
        text = text.replace(spelled_unit, " ")
    text = " ".join(CURRENCY_MARKS.sub(" ", text).split())
    amount = _amount(text)
    if amount is None:
        return words
    return ("amount", direction.group("direction") if direction else "", amount)


def _amount(text: str) -> float | None:
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    match = NUMBER.fullmatch(text)
    if match is None:
        return None
    number = float(match.group("number").replace(",", ""))
    return number * SCALES[match.group("scale")]


T = TypeVar("T")


@dataclass(frozen=True)
class StoryHashtag(Generic[T]):
    hashtag: T
    articles: int  # how many of the story's articles carry it
    score: float  # the sum of its scores in those articles


def top_hashtags(
    tagged: Iterable[tuple[T, int, float]], limit: int = MAX_HASHTAGS
) -> list[StoryHashtag[T]]:
    """The story's hashtags from ``(hashtag, article id, score)`` links: those carried by
    the most articles first, then by the summed score, then in the order they came."""
    articles: dict[T, set[int]] = {}
    scores: dict[T, float] = {}
    for hashtag, article_id, score in tagged:
        articles.setdefault(hashtag, set()).add(article_id)
        scores[hashtag] = scores.get(hashtag, 0.0) + score
    order = {hashtag: position for position, hashtag in enumerate(articles)}
    ranked = sorted(articles, key=lambda tag: (-len(articles[tag]), -scores[tag], order[tag]))
    return [StoryHashtag(tag, len(articles[tag]), scores[tag]) for tag in ranked[:limit]]


@dataclass(frozen=True)
class LeadCandidate:
    article_id: int
    title: str
    has_image: bool


def pick_lead(story_title: str, newest_first: Iterable[LeadCandidate]) -> int | None:
    """The id of the article a story's card leads with: the newest whose headline is the
    story's title (the clusterer names a story by its most representative headline), else
    the newest with a picture, else the newest. None for a story without articles."""
    newest = with_image = None
    for candidate in newest_first:
        if candidate.title == story_title:
            return candidate.article_id
        if newest is None:
            newest = candidate.article_id
        if with_image is None and candidate.has_image:
            with_image = candidate.article_id
    return with_image if with_image is not None else newest
