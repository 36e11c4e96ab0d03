"""How English news writes its figures: numbers, scales, currencies, units, dates, ages.

``FIGURE`` finds one figure of a sentence; its named group tells its kind. ``facts_figures``
reads each match into a fact.
"""

from __future__ import annotations

import re

from tidings.enrich.facts_amounts import MONTH

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"thousand|million|billion|trillion"
CURRENCY_SIGN = r"US\$|A\$|C\$|HK\$|NZ\$|S\$|R\$|Rs\.?|\$|€|£|¥|₹|₽|₩|₺|₪|₦|₱"
CURRENCY_CODE = (
    r"USD|EUR|GBP|JPY|CNY|RMB|INR|RUB|CHF|AUD|CAD|HKD|NZD|SGD|SEK|NOK|DKK|MXN|BRL|ZAR|KRW"
    r"|NGN|PKR|TRY|PLN"
)
CURRENCY_WORD = (
    r"dollars?|euros?|pounds sterling|pounds|yen|yuan|renminbi|rubles?|roubles?|rupees?"
    r"|francs?|pesos?|won|lira|shekels?|naira|rand|ringgit|baht|zloty|kronor|kroner|krona"
)
# Spelled out and abbreviated, for length, area, volume, weight, speed, temperature,
# energy and data; "m" alone is left out, since "$5m" is money.
MEASURE = (
    r"km/h|square (?:kilometers|kilometres|miles|meters|metres|feet)|sq\.? (?:km|mi|m|ft)"
    r"|cubic (?:meters|metres|feet)|km2|km²|m2|m²|nautical miles|light years"
    r"|(?:kilo|centi|milli)?(?:meters|metres|meter|metre)|km|cm|mm|miles?|yards?|feet|foot"
    r"|inch(?:es)?|(?:kilo)?grams?|kg|tonnes?|tons?|lbs?|ounces?|oz|(?:milli)?(?:liters?|litres?)"
    r"|ml|gallons?|barrels?|bpd|hectares?|acres?|degrees (?:Celsius|Fahrenheit|C|F)|degrees"
    r"|°C|°F|ºC|ºF|°|mph|kph|knots|MW|GW|kW|kWh|GWh|TWh|(?:kilo|mega|giga)watts?"
    r"|(?:kilo|mega|giga)watt-hours|volts?|decibels|calories|Mbps|Gbps|MB|GB|TB"
)
DURATION = r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries"
NUMBER_WORD = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|a hundred|hundred|a thousand|a million|a dozen|dozen"
)
FRACTION = r"(?:one|two|three|four)-(?:thirds?|quarters?|fifths?)|a third|a quarter|half"
VAGUE = (
    r"tens of thousands|hundreds of thousands|tens of millions|hundreds of millions"
    r"|dozens|hundreds|thousands|millions|billions|scores"
)
# Where a figure may not start or end: inside a word or a code ("COVID-19", "G7", "A320"),
# a time ("10:30"), a fraction ("3/4") or a longer number.
NOT_BEFORE = r"(?<![\w.,:/%$€£¥-])"
NOT_AFTER = r"(?![\w%/:]|[.,]\d|-\w)"


def _spaced(alternatives: str) -> str:
    """A word list for the verbose pattern below, where a plain space would be ignored."""
    return alternatives.replace(" ", r"\s")


FIGURE = re.compile(
    rf"""
    (?P<money>
        (?P<sign>{CURRENCY_SIGN})\s?(?P<money_value>(?:{NUMBER})(?:\s?(?:{SCALE}|bn|mn|m|k)\b)?)
      | (?P<code>{CURRENCY_CODE})\s?(?P<code_value>(?:{NUMBER})(?:\s(?:{SCALE}))?)\b
      | {NOT_BEFORE}(?P<worded_value>(?:{NUMBER})(?:\s?(?:{SCALE}|bn|m)\b)?)\s
        (?P<currency>{_spaced(CURRENCY_WORD)}|{CURRENCY_CODE})\b
    )
  | {NOT_BEFORE}(?P<percent_value>{NUMBER})\s?
        (?P<percent>%|percentage\ points?\b|percent\b|per\ cent\b|pct\b)
  | (?P<date>
        \b(?:{MONTH})\s\d{{1,2}}(?:st|nd|rd|th)?(?:\s?(?:-|–|and|to|through)\s?\d{{1,2}})?
        (?:,?\s(?:1[89]|20)\d\d)?(?![\w:])
      | \b\d{{1,2}}(?:\s?(?:-|–)\s?\d{{1,2}})?\s(?:{MONTH})(?:,?\s(?:1[89]|20)\d\d)?\b
      | \b(?:{MONTH})\s(?:1[89]|20)\d\d\b
    )
  | {NOT_BEFORE}(?P<age_value>\d{{1,3}})(?P<age_unit>[-\s]years?[-\s]old)\b
  | (?P<aged>\b(?:aged|age\ of|ages\ of))\s(?P<aged_value>\d{{1,3}})\b
  | {NOT_BEFORE}(?P<measure_value>(?:{NUMBER})(?:\s?(?:-|–|to)\s?(?:{NUMBER}))?)\s?
        (?P<measure>{_spaced(MEASURE)})(?![\w-])
  | {NOT_BEFORE}(?P<duration_value>(?:{NUMBER})|(?:{_spaced(NUMBER_WORD)})(?:-\w+)?)\s
        (?P<duration>{DURATION})\b
  | {NOT_BEFORE}(?P<compound_value>{NUMBER}|(?i:{_spaced(NUMBER_WORD)}))-
        (?!(?:{NUMBER_WORD}|thirds?|quarters?|fifths?)\b)(?P<compound>[a-z]+)(?![\w-])
  | {NOT_BEFORE}(?P<score>\d{{1,3}}\s?[-–]\s?\d{{1,3}})(?![\w-]|[.,]\d)
  | {NOT_BEFORE}(?P<year>(?:1[89]|20)\d\d)(?![\w%/:]|[.,]\d|-\w|\s(?:{SCALE})\b)
  | {NOT_BEFORE}(?P<count>
        (?:{NUMBER})(?:\s?(?:-|–|to)\s?(?:{NUMBER}))?(?:\s(?:{SCALE}))?{NOT_AFTER}
      | \b(?i:{_spaced(VAGUE)}|{_spaced(FRACTION)})(?=\sof\b)
      | \b(?i:{_spaced(NUMBER_WORD)})(?:-(?:{_spaced(NUMBER_WORD)}))?(?:\s(?:{SCALE}))?\b(?!-\w)
    )
    """,
    re.VERBOSE,
)
# A quick look for anything a figure could start with; most sentences have none. The
# words come from the patterns above ("Sept?\." gives "sept", hence "sep" added).
DIGIT_OR_SIGN = re.compile(r"[\d$€£¥₹₽₩₺₪₦₱]")
LETTERS = re.compile(r"[a-z]+")
FIGURE_WORDS = frozenset(
    re.sub(r"\\.|\?|\(\?:|\)", "", f"{NUMBER_WORD}|{VAGUE}|{MONTH}|sep|third|quarter|half")
    .lower()
    .replace(" ", "|")
    .split("|")
) - {"a", "of"}
# Hedges and changes that belong to the figure: "at least 1,200", "down by 36".
QUALIFIER = re.compile(
    r"""(?:\b(?:just|well)\s)?\b(?:at\ least|at\ most|more\ than|less\ than|fewer\ than
        |over|under|up\ to|nearly|almost|about|around|approximately|roughly|some
        |an\ estimated|as\ many\ as|as\ much\ as|down\ by|up\ by|down|up|between)\s$""",
    re.IGNORECASE | re.VERBOSE,
)
# A person followed by an age in commas: "Oksana Kupriyenko, 52, was holding ...",
# "The driver, 42, was ...", "Ann Lee, 67 of Leeds".
NAMED_AGE = re.compile(
    r"(?P<who>(?:[A-Z][\w'’-]+\s){0,3}[A-Z][\w'’-]+|\b(?:[Tt]he|[Aa]n?)(?:\s[a-z][\w-]+){1,2})"
    r",\s(?P<age>\d{1,3})(?:,|\sof\s[A-Z])(?!\s?\d)"
)
# Not facts: telephone numbers, times of day, ISO and numeric dates.
NOISE = re.compile(
    r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|ET\b|EST\b|BST\b)"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{7,}\b",
    re.IGNORECASE,
)
