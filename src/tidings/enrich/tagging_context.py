"""What the words around a name say it is, and the kind decided from all the evidence.

spaCy (or, without it, the shape of a capitalised run) votes for a kind on each mention;
these rules overrule the votes where the text or a shipped list is clearer:

1. A word of an organisation inside or right after the name ("Apex Corp", "Ministry of
   Health", "Bristol University") makes it an organisation.
2. A known organisation ("Twitter") is one; a known place ("Colorado") is a place, unless
   the text treats it as a team ("Denver beat Utah", "Chicago coach").
3. A title before it ("Mr.", "President", "actress"), an age after it ("X, 34,") or a
   given name at its start makes a person.
4. A name whose last word the text also writes in lower case ("Marijuana Taxes" beside
   "taxes", "Finale" beside "finale") is a topic, not a person or a place; so is a
   guessed one with any such word, unless the text goes on to use its last word alone
   as it does a surname ("Lohan said").
5. A word of a place inside it ("Street", "Park", "Prison") makes a guessed name a place;
   a known city before another word ("Leeds Rovers") an organisation.
6. "in X", "near X" make a place of what the votes left undecided.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tidings.enrich.aliases import EVENT, ORGANISATION, PERSON, PLACE, TOPIC
from tidings.enrich.sentences import word_set
from tidings.enrich.tagging_gazetteer import (
    is_city,
    is_common_word,
    is_given_name,
    is_organisation,
    is_place,
    looks_like_a_person,
)
from tidings.enrich.tagging_words import occurrences

ORGANISATION_WORDS = word_set(
    """
    ministry party council inc corp corporation co ltd llc plc company companies
    university college school agency bank committee court association union group
    institute foundation department office army navy police commission parliament
    congress senate fund club airlines airline network bureau authority board
    administration service services league federation society hospital holdings
    post times journal herald tribune gazette monthly magazine daily weekly press news
    academy force forces securities capital partners radio tv television channel medical
    """
)
PLACE_WORDS = word_set(
    """
    street st road avenue ave boulevard blvd square park river lake mountain mountains
    island islands county valley bridge bay coast beach airport stadium arena province
    district region town village peninsula canyon desert forest theatre theater museum
    hall center centre palace hotel tower prison pole house
    """
)
# Words before a name that make it a person's: "Mr.", "President", "actress".
TITLE_WORDS = word_set(
    """
    mr mrs ms dr prof professor president senator sen rep gov governor mayor judge
    justice minister chancellor king queen prince princess pope sir dame lord lady
    general gen col colonel capt captain lt sgt rev actor actress singer rapper
    director author writer designer coach ceo spokesman spokeswoman ambassador
    founder star player striker quarterback pitcher comedian musician model
    """
)
# Titles that are cut from the front of a name; the others may be part of one ("Lady
# Gaga", "Prince Charles").
DROPPED_TITLES = TITLE_WORDS - word_set(
    "king queen prince princess lady lord sir dame pope star model general"
)
_SPORTS_AFTER = word_set(
    """
    beat beats defeated defeats edged routed rallied coach players fans manager striker
    quarterback pitcher goalkeeper
    """
)
_SPORTS_BEFORE = word_set("beat beats defeated defeats edged routed")
_PLACE_BEFORE = word_set("in near outside across throughout")
_ORGANISATION_AFTER = word_set("inc corp co ltd llc plc group")
_WORDS = re.compile(r"[\w&'’-]+")
_AGE_AFTER = re.compile(r",\s+\d{1,3},")


@dataclass(frozen=True)
class Cues:
    title: int = 0  # "President X", "actress X"
    age: int = 0  # "X, 34,"
    organisation: int = 0  # "X Inc", "X Corp"
    sports: int = 0  # "X beat", "X coach"
    place: int = 0  # "in X"
    alone: int = 0  # the last word of a longer name used alone ("Lohan said")
    lower: bool = False  # the text writes the name's last word in lower case
    any_lower: bool = False  # ... or any of its words


@dataclass(frozen=True)
class Text:
    """A document read once for the cues of all its names."""

    text: str
    lower_words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Text:
        return cls(text, frozenset(re.findall(r"\b[a-z][a-z'-]+\b", text)))


def cues_in(label: str, document: Text) -> Cues:
    """Count what surrounds each mention of ``label`` in the document: the two words
    before it and the word after it."""
    text = document.text
    mentions = occurrences(label, text)
    title = age = organisation = sports = place = 0
    # 1. The word before (past a "the"), the word after, and the age after each mention.
    for start in mentions:
        end = start + len(label)
        before = [w.casefold() for w in _WORDS.findall(text[max(0, start - 40) : start])]
        after = _WORDS.findall(text[end : end + 30])
        previous = before[-1] if before else ""
        if previous == "the" and len(before) > 1:  # "in the Bronx", "beat the Lakers"
            previous = before[-2]
        following = after[0].casefold() if after else ""
        title += previous in TITLE_WORDS or before[-2:] == ["chief", "executive"]
        age += bool(_AGE_AFTER.match(text, end))
        organisation += following.rstrip(".") in _ORGANISATION_AFTER
        sports += following in _SPORTS_AFTER or previous in _SPORTS_BEFORE
        place += previous in _PLACE_BEFORE
    words = label.split()
    alone = 0
    if len(words) > 1 and words[-1][:1].isupper():
        alone = max(0, len(occurrences(words[-1], text)) - len(mentions))
    return Cues(
        title=int(title),
        age=age,
        organisation=organisation,
        sports=sports,
        place=place,
        alone=alone,
        lower=words[-1].lower() in document.lower_words,
        any_lower=any(len(w) > 2 and w.lower() in document.lower_words for w in words),
    )


def decide_kind(label: str, votes: Counter[str], cues: Cues, *, guessed: bool) -> str:
    """The kind of a name from the models' ``votes`` and the ``cues`` of its text; see the
    module's docstring for the rules. ``guessed`` says no model voted: the votes come
    from the shape of a capitalised run alone."""
    voted = votes.most_common(1)[0][0] if votes else TOPIC
    words = label.split()
    folded = {word.casefold().strip(".") for word in words}
    if folded & ORGANISATION_WORDS or cues.organisation:
        return ORGANISATION
    if is_organisation(label):
        return ORGANISATION
    if is_place(label):
        # A city's team is the city's name ("Denver beat Utah"); a country's is read as
        # the country.
        return ORGANISATION if cues.sports and is_city(label) else PLACE
    personal = cues.title > 0 or cues.age > 0
    if looks_like_a_person(label) and (voted == PERSON or not cues.lower):
        personal = True
    if personal and voted in (PERSON, TOPIC, PLACE) and not folded & PLACE_WORDS:
        return PERSON
    if len(words) == 1 and is_common_word(label):
        return TOPIC  # "Episode", "Underwear": a capital at the head of a headline
    if cues.lower and voted in (PERSON, PLACE) or label.islower():
        return TOPIC
    if folded & PLACE_WORDS and (voted == TOPIC or (voted == PERSON and guessed)):
        return PLACE
    if voted == PERSON and len(words) > 1 and is_place(" ".join(words[:-1])):
        return ORGANISATION  # a team or a paper named for its city: "Leeds Rovers"
    if (
        voted == PERSON
        and not personal
        and not is_given_name(words[0])
        and (is_common_word(words[0]) or is_common_word(words[-1]))
    ):
        return TOPIC  # a headline's words around a name: "Buy Titanfall", "Sbarro Files"
    if voted == PERSON and guessed and cues.any_lower and not cues.alone:
        # Capitalised words of which the text also writes one in lower case, and never
        # the last alone: headline case ("Rising Costs"), not a name.
        return TOPIC
    if cues.place and voted in (TOPIC, EVENT):
        return PLACE
    if cues.place >= 2 and voted == PERSON and not cues.alone:
        return PLACE
    return voted
