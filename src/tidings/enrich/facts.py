"""Key facts: the numbers, quantities, money, percentages and dates an article states, each
with what it counts and the sentence it comes from.

Nothing is stated that is not in the text: ``value``, ``unit`` and ``what`` are each a
stretch of the fact's ``sentence`` as written ("at least 1,200" / "" / "POWs on each
side"), and ``start``/``end`` are the offsets of that sentence in the article's text.
The rules read English (number words, currencies, "at least", "percent of"), so other
languages are skipped, and they need no model, so every installation gives the same
facts. Facts are ranked: money, percentages and counts of something in the first
paragraphs before durations and bare years; an article keeps at most ``MAX_FACTS``.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

from tidings.enrich.language import detect, is_english
from tidings.enrich.sentences import (
    Sentence,
    is_furniture,
    is_heading,
    lead_in_length,
    paragraph_index,
    split_sentences,
    word_set,
)

VERSION = 1
STAGE = "facts"
MAX_FACTS = 8
MAX_PER_SENTENCE = 3
MAX_WHAT_WORDS = 8
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

# Words that end the noun phrase naming what a figure counts.
_STOP = word_set(
    """a an the this that these those its their his her our my your some any each every
    no not and or but nor so yet for to of in on at by from with without into onto over
    under about after before since until during between among across through against per
    than as like via toward towards around near beyond within along who whom whose which
    what where when why how while if whether because although though i you he she it we
    they me him us them is are was were be been being am has have had having do does did
    will would shall should can could may might must said says say told according also
    just only even still already more most less least such there here then now ago
    last next this year today yesterday tomorrow monday tuesday wednesday thursday friday
    saturday sunday"""
)
# After "55 percent of respondents", these verbs carry what the respondents think.
_OPINION_VERBS = word_set(
    """believe believed believes say said think thought thinks support supported supports
    oppose opposed opposes want wanted wants agree agreed agrees expect expected expects
    feel felt feels consider considered considers approve approved approves disapprove
    disapproved trust trusted view viewed favor favour favored favoured back backed
    backs prefer preferred"""
)
# Verbs that often follow a counted noun ("100 people live there"); they end its phrase.
_VERBS = _OPINION_VERBS | word_set(
    """live lives work works die dies remain remains come comes go goes get gets make makes
    take takes need needs use uses hold holds face faces show shows lose loses suffer
    suffers"""
)
_CONTINUATION = re.compile(
    r"\s(?:(?:on|from|in)\s(?:each|either|both)\ssides?|per\s[\w-]+|a\s(?:day|week|month|year)"
    r"|each|apiece)\b"
)
_CONNECTOR = re.compile(
    r"^(?:(?:followed|preceded|trailed|compared)\s(?:by|with|to)|and|but|while|with|against"
    r"|versus|vs\.?|then|from|up\sfrom|down\sfrom)\s+",
    re.IGNORECASE,
)
_BEFORE_YEARS = word_set(
    """in since by from until till of to and or early late mid before after between during
    year season since"""
)
_DETERMINER = word_set("the a an its their his her our")
_REFERRING = word_set("the these those both all its their his her our my your")
_PRONOUN = word_set("it that this they he she we i you there which who")
_WORD = re.compile(r"[\w'’.&-]*\w")
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
    what_span = _balanced(text, _what(text, kind, figure_end, value_span[0]))
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
    adverb = at_sentence_start and name.lower() in _STOP | {"only", "just", "another", "fully"}
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


def _what(text: str, kind: str, after: int, before: int) -> tuple[int, int] | None:
    """Where in ``text`` the thing a figure counts is named."""
    if kind == "duration":
        return None  # "three years", "nine hours later": the unit says what it measures
    if kind in {"date", "year"}:
        return _preceding_context(text, before)
    span = _noun_phrase(text, after, allow_of=True)
    if span is None and kind == "money":
        # "$2 million in fines"
        spent_on = re.match(r"\s(?:in|for|on)\s", text[after:])
        if spent_on:
            span = _noun_phrase(text, after + spent_on.end() - 1, allow_of=False)
    if span is not None and kind == "percent":
        span = _with_opinion(text, span)
    if span is None and kind in {"percent", "age"}:
        span = _subject(text, before)
    if span is None and kind in {"money", "percent", "measure"}:
        span = _preceding_context(text, before, within_clause=True)
    if span is not None and re.fullmatch(r"[a-z]+(?:ed|ing)", text[span[0] : span[1]]):
        return None  # "1973 amended", "12 including": a verb, not a thing counted
    return span


def _balanced(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span cut before a bracket it opens but does not close: "Mike Cole (@MikeCole"."""
    if span is None:
        return None
    opened = text.find("(", span[0], span[1])
    if opened < 0 or text.find(")", opened, span[1]) >= 0:
        return span
    end = len(text[span[0] : opened].rstrip()) + span[0]
    return (span[0], end) if end > span[0] else None


def _noun_phrase(text: str, position: int, *, allow_of: bool) -> tuple[int, int] | None:
    """The noun phrase starting right after ``position``: "POWs on each side", "people"."""
    words = list(_WORD.finditer(text, position, position + 200))
    if allow_of and words and words[0].group().lower() == "of" and _gap(text, position, words[0]):
        # "55 percent of respondents", "40 percent of the vote"
        position = words[0].end()
        words = words[1:]
        if words and words[0].group().lower() in _DETERMINER and _gap(text, position, words[0]):
            position = words[0].end()
            words = words[1:]
    start = end = None
    last = position
    for word in words[:MAX_WHAT_WORDS]:
        token = word.group()
        lower = token.lower()
        if not _gap(text, last, word) or lower in _STOP or lower in _VERBS or token[0].isdigit():
            break
        if start is not None and lower.endswith(("ed", "ing")) and token[0].islower():
            break  # "people aged 18", "POWs including"
        if start is None:
            start = word.start()
        end = last = word.end()
    if start is None or end is None:
        return None
    continuation = _CONTINUATION.match(text, end)
    if continuation:
        end = continuation.end()
    elif allow_of:
        of = re.match(r"\sof\s", text[end:])
        if of:
            tail = _noun_phrase(text, end + of.end() - 1, allow_of=False)
            if tail is not None and tail[1] - tail[0] < 30:
                end = tail[1]
    return start, end


def _gap(text: str, last: int, word: re.Match[str]) -> bool:
    """Whether a single space separates the previous word from this one."""
    return text[last : word.start()] == " "


def _with_opinion(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The phrase taking in an opinion after it: "respondents believe Germany is ..."."""
    rest = text[span[1] :]
    verb = re.match(r"\s(\w+)\b", rest)
    if not verb or verb.group(1).lower() not in _OPINION_VERBS:
        return span
    clause = re.match(r"[^,;:.!?()]*", rest)
    words = list(_WORD.finditer(text, span[1], span[1] + (clause.end() if clause else 0)))
    if not words:
        return span
    end = words[min(len(words), MAX_WHAT_WORDS + 4) - 1].end()
    return span[0], end


def _subject(text: str, before: int) -> tuple[int, int] | None:
    """For "Britain came in second at 49 percent": who or what the figure belongs to, the
    noun phrase opening its clause (or failing that, the sentence)."""
    head = text[:before]
    clause_start = max(head.rfind(", "), head.rfind("; "), head.rfind(" — "))
    for start in ([clause_start + 2] if clause_start > 0 else []) + [lead_in_length(text)]:
        opening = head[start:]
        connector = _CONNECTOR.match(opening)
        if connector:
            start += connector.end()
        span = _opening_phrase(text, start, before)
        if span is not None:
            return span
    return None


def _opening_phrase(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """A determiner or a capital, then words up to the first function word or verb."""
    words = list(_WORD.finditer(text, start, limit))
    if not words or words[0].start() - start > 1:
        return None
    first = words[0].group()
    bare = re.split(r"['’]", first.lower())[0]
    opens_sentence = not text[lead_in_length(text) : words[0].start()].strip()
    followed_by_lower = len(words) > 1 and words[1].group()[0].islower()
    if bare not in _DETERMINER and opens_sentence and followed_by_lower:
        return None  # "Britain came ...": a capital that may only mark the sentence's start
    if (
        bare in _PRONOUN
        or (bare in _STOP and bare not in _DETERMINER)
        or not (first[0].isupper() or first.lower() in _DETERMINER)
    ):
        return None
    end = words[0].end()
    last = end
    for word in words[1:MAX_WHAT_WORDS]:
        token = word.group()
        if not _gap(text, last, word) or not token[0].isupper():
            break
        end = last = word.end()
    if first.lower() in _DETERMINER and end == words[0].end():
        # "The survey", "the list": a determiner takes the lower-case noun after it.
        if len(words) > 1 and _gap(text, end, words[1]) and words[1].group().lower() not in _STOP:
            end = words[1].end()
        else:
            return None
    return words[0].start(), end


def _preceding_context(
    text: str, before: int, *, within_clause: bool = False
) -> tuple[int, int] | None:
    """The few words before a figure: what happened on a date ("went missing in September
    2024"), what money paid for ("could save Medicare $960 million")."""
    head = text[:before]
    marks = ["; ", ": ", " — "] + ([", ", ") ", " ("] if within_clause else [])
    boundary = max([head.rfind(mark) for mark in marks] + [lead_in_length(text) - 1])
    words = list(_WORD.finditer(text, boundary + 1, before))[-MAX_WHAT_WORDS:]
    while words and _is_function_word(words[-1].group()):
        words.pop()
    while words and (
        (_is_function_word(words[0].group()) and words[0].group().lower() not in _DETERMINER)
        or text[words[0].end()] == ","
        or text[words[0].start() - 1 : words[0].start()] in {",", "."}  # "280,000" cut short
    ):
        words.pop(0)
    if not words:
        return None
    return words[0].start(), words[-1].end()


def _is_function_word(word: str) -> bool:
    bare = re.split(r"['’]", word.lower())[0]
    return bare in _STOP or bare in _PRONOUN


# The database edge ---------------------------------------------------------------------


def facts_for_page(article) -> list[dict]:
    """The stored facts of ``article`` for ``web/_facts.html``: each with ``figure`` (value
    and unit as the sentence writes them) and ``paragraph`` (the index of the paragraph
    holding its sentence, for the ``#p-N`` link). Facts whose sentence is no longer where
    it was found (the text was extracted again since) are left out."""
    analysis = getattr(article, "analysis", None)
    facts = analysis.facts if analysis is not None else []
    return [
        {
            **fact,
            "figure": _figure(fact),
            "paragraph": paragraph_index(article.text, fact["start"]),
        }
        for fact in facts
        if article.text[fact["start"] : fact["end"]] == fact["sentence"]
    ]


def _figure(fact: dict) -> str:
    value, unit, sentence = fact["value"], fact["unit"], fact["sentence"]
    if not unit or unit in value:
        return value
    for written in (f"{unit}{value}", f"{unit} {value}", f"{value}{unit}", f"{value} {unit}"):
        if written in sentence:
            return written
    return f"{value} {unit}"


def process(articles: list) -> None:
    """Store each article's key facts in its analysis; other languages are noted as skipped."""
    from django.db import transaction

    from tidings.enrich.models import ArticleAnalysis

    for article in articles:
        with transaction.atomic():
            analysis, _ = ArticleAnalysis.objects.select_for_update().get_or_create(article=article)
            language = analysis.language or detect(article.text, article.language).language
            notes = dict(analysis.notes)
            if article.text and not is_english(language):
                analysis.facts = []
                notes[STAGE] = f"language {language or 'unknown'} is not supported"
            else:
                analysis.facts = [asdict(fact) for fact in extract_facts(article.text)]
                notes.pop(STAGE, None)
            analysis.notes = notes
            analysis.save(update_fields=["facts", "notes", "updated_at"])
