"""The word lists the tagger ships (``enrich/data/gazetteer``): places, organisations,
given names, verbs and the words that are never hashtags. Loaded once, case-folded.

A list decides only what context cannot: "Colorado" is a place and "Twitter" a company
wherever they stand, "Harper Quinn" starts with a given name, "Collects" is a verb.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from tidings.enrich import aliases

DATA = Path(__file__).parent / "data" / "gazetteer"


def _entries(name: str, *, per_line: bool) -> frozenset[str]:
    """The file's entries, case-folded: one a line, or words separated by spaces."""
    found: set[str] = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found.update([line.casefold()] if per_line else line.casefold().split())
    return frozenset(found)


@cache
def places() -> frozenset[str]:
    """Countries (those of the alias table too), regions, states and large cities."""
    countries = {
        label.casefold() for label, kind in aliases.ALIASES.values() if kind == aliases.PLACE
    }
    nationality_countries = {country.casefold() for country in aliases.NATIONALITIES.values()}
    return _entries("places.txt", per_line=True) | countries | nationality_countries


@cache
def cities() -> frozenset[str]:
    """The places of places.txt from its cities' heading on: the ones teams are named for."""
    lines = (DATA / "places.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("# Capitals")))
    return frozenset(line.strip().casefold() for line in lines[start + 1 :] if line.strip())


@cache
def organisations() -> frozenset[str]:
    return _entries("organisations.txt", per_line=True)


@cache
def given_names() -> frozenset[str]:
    return _entries("given_names.txt", per_line=False)


@cache
def not_hashtags() -> frozenset[str]:
    return _entries("not_hashtags.txt", per_line=False)


@cache
def common_words() -> frozenset[str]:
    """Words that English news writes in lower case (``scripts/common_words.py``)."""
    return _entries("common_words.txt", per_line=True)


def _stems(word: str) -> set[str]:
    """The word and what it may be an inflection of ("doubles", "weighed", "taking")."""
    stems = {word}
    for ending, replacements in (
        ("s", ("",)),
        ("es", ("",)),
        ("ed", ("", "e")),
        ("ing", ("", "e")),
    ):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stems.update(word[: -len(ending)] + replacement for replacement in replacements)
    return stems


def is_common_word(word: str) -> bool:
    """A word news writes in lower case, or an inflection of one, that the lists do not
    know as a place or an organisation ("Episode", "Underwear"; not "Apple")."""
    folded = word.casefold()
    if is_place(word) or is_organisation(word):
        return False
    return any(stem in common_words() for stem in _stems(folded))


def _inflections(base: str) -> dict[str, str]:
    """The -s and -ed forms the base might take, each with what it is ("s" or "past"); a
    form that is not English is harmless, since it matches nothing. The -ing forms are
    left out: most are nouns as well ("shooting", "funding")."""
    stem = base[:-1] if base.endswith("e") else base
    forms = {base + "s": "s", base + "es": "s", stem + "ed": "past"}
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies": "s", base[:-1] + "ied": "past"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base):  # stop, stopped
        forms[base + base[-1] + "ed"] = "past"
    return forms


@cache
def _verb_forms() -> dict[str, str]:
    """Verb forms and what each is: "base", "s" or "past". Of the verbs that are nouns
    too, only the past forms count ("voted", not "vote" or "protests")."""
    lines = (DATA / "verbs.txt").read_text(encoding="utf-8").splitlines()
    irregular = lines.index(next(line for line in lines if line.startswith("# Irregular")))
    bases = _words(lines[:irregular])
    forms: dict[str, str] = {}
    for verb in _entries("verbs_nouns.txt", per_line=False):
        forms |= {form: what for form, what in _inflections(verb).items() if what == "past"}
    for verb in bases:
        forms |= _inflections(verb)
    for verb in bases:
        forms[verb] = "base"
    for form in _words(lines[irregular:]):
        forms.setdefault(form, "past")
    return forms


def _words(lines: list[str]) -> set[str]:
    return {word for line in lines if not line.startswith("#") for word in line.casefold().split()}


def verb_form(word: str) -> str | None:
    """ "base" ("gather"), "s" ("collects") or "past" ("made", "voted") for a verb form
    that is never a subject; None for other words, "vote" and "protests" among them."""
    return _verb_forms().get(word.casefold())


def is_place(name: str) -> bool:
    return name.casefold() in places()


def is_city(name: str) -> bool:
    return name.casefold() in cities()


def is_organisation(name: str) -> bool:
    return name.casefold() in organisations()


def is_given_name(word: str) -> bool:
    return word.casefold() in given_names()


def looks_like_a_person(name: str) -> bool:
    """A name that starts with a given name, where a given name that is also a common word
    ("Will", "Bill") counts only before one uncommon word: "Will Smith" is a person, a
    headline's "Will Reverse Xbox" is not."""
    first, *rest = name.split()
    if not rest or not is_given_name(first):
        return False
    if not is_common_word(first):
        return True
    return len(rest) == 1 and not is_common_word(rest[0])


def is_not_hashtag(word: str) -> bool:
    return word.casefold() in not_hashtags()
