"""What kind of thing a name is: a person, an organisation, a place, an event or a topic.

spaCy's entity labels map to kinds; without spaCy (and past the head it reads),
capitalised runs of words stand in for its entities, their labels guessed from the alias
table and the words they hold ("Bank", "Summit"). A candidate's kind is the one most of
its mentions vote for.
"""

from __future__ import annotations

import re

from tidings.enrich import aliases
from tidings.enrich.aliases import EVENT, ORGANISATION, PERSON, PLACE, TOPIC
from tidings.enrich.sentences import word_set
from tidings.enrich.tagging_context import DROPPED_TITLES
from tidings.enrich.tagging_data import Candidate
from tidings.enrich.tagging_gazetteer import is_organisation, is_place, verb_form
from tidings.enrich.tagging_words import FUNCTION_WORDS, clean_name, is_junk

KIND_OF_LABEL = {
    "PERSON": PERSON,
    "ORG": ORGANISATION,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    "EVENT": EVENT,
    "WORK_OF_ART": TOPIC,
    "LAW": TOPIC,
    "PRODUCT": TOPIC,
    "NORP": ORGANISATION,  # only groups reach this ("Democrats"); see entity_label
}
# A nationality ("Ukrainian") counts as half a mention of its country.
NATIONALITY_WEIGHT = 0.5


def entity_label(surface: str, spacy_label: str) -> tuple[str, str, float] | None:
    """(label, kind, weight of a mention) for a named entity, or None to drop it."""
    cleaned = clean_name(surface)
    known = aliases.canonical(cleaned)
    if known is not None:  # before the junk test: "US" is a country, not a pronoun
        return known[0], known[1], 1.0
    if is_junk(cleaned, name=True):
        return None
    if aliases.is_country(cleaned):
        return cleaned, PLACE, 1.0
    country = aliases.country_of(cleaned)
    if country is not None:
        return country, PLACE, NATIONALITY_WEIGHT
    if spacy_label == "NORP" and not (cleaned.endswith("s") and cleaned[:1].isupper()):
        return None  # an adjective ("Catholic") rather than a group ("Democrats")
    kind = KIND_OF_LABEL.get(spacy_label)
    return (cleaned, kind, 1.0) if kind else None


def majority_kind(candidate: Candidate) -> str:
    return candidate.kind_votes.most_common(1)[0][0]


def pieces(text: str) -> list[str]:
    """An entity spaCy ran across a dateline or a clause ("LOS ANGELES - One") in parts."""
    return [part for part in re.split(r"\s[-–—]\s|[\n,;:]", text) if part.strip()]


# Capitalised words in a row, allowing "of" and the like inside ("Bank of England").
_CAPITALISED = re.compile(
    r"(?<![\w.])[A-Z](?:[\w'’-]|\.(?=\w))*"
    r"(?:[ \t]+(?:(?:of|de|del|da|di|van|von|al|bin|la|le)[ \t]+)?[A-Z](?:[\w'’-]|\.(?=\w))*)*"
)
_CONNECTORS = frozenset({"of", "de", "del", "da", "di", "van", "von", "al", "bin", "la", "le"})
_POSSESSIVE_END = re.compile(r"['’]s?$")
_ORGANISATION_WORDS = word_set(
    """
    ministry party council inc corp corporation company university agency bank committee
    court association union group institute foundation department office army police
    commission parliament congress senate fund club airlines network
    """
)
_EVENT_WORDS = word_set(
    """
    olympics games cup championship summit festival election elections war conference
    """
)


def capitalised_names(text: str) -> list[tuple[str, str]]:
    """Names without a model: runs of capitalised words, with a guessed spaCy-style label.

    A run that starts a sentence counts only if it is more than one word or the word is
    also capitalised mid-sentence, which is how "The" and "Officials" are told from
    "Istanbul". Nationalities and titles in front are dropped ("Ukrainian President
    Volodymyr Zelenskyy"), and a possessive ends a run ("Russia's RIA" is two names).
    """
    runs = []
    for match in _CAPITALISED.finditer(text):
        words: list[str] = []
        for word in match.group(0).split():
            if verb_form(word) in ("s", "past"):  # "Microsoft Blames Google": two names
                if words:
                    runs.append((words, match.start()))
                words = []
                continue
            words.append(word)
            if _POSSESSIVE_END.search(word):
                runs.append((words, match.start()))
                words = []
        if words:
            runs.append((words, match.start()))
    mid_sentence = {
        words[0] for words, start in runs if len(words) == 1 and not _starts_sentence(text, start)
    }
    found = []
    for words, start in runs:
        opening = _starts_sentence(text, start)
        while len(words) > 1 and (
            words[0].casefold().rstrip(".") in FUNCTION_WORDS | DROPPED_TITLES
            or aliases.country_of(words[0])
        ):
            words = words[1:]
            opening = False
        name = aliases.clean_surface(" ".join(words))
        known = aliases.canonical(name) or aliases.is_country(name)
        if not name or (" " not in name and opening and not known and name not in mid_sentence):
            continue
        found.append((name, _guess_label(name)))
    return found


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?\n:"


def _guess_label(name: str) -> str:
    known = aliases.canonical(name)
    if known is not None:
        return {PERSON: "PERSON", PLACE: "GPE", EVENT: "EVENT", TOPIC: "LAW"}.get(known[1], "ORG")
    if aliases.is_country(name) or is_place(name):
        return "GPE"
    if is_organisation(name):
        return "ORG"
    if aliases.country_of(name):
        return "NORP"
    words = name.split()
    folded = {word.casefold() for word in words}
    if folded & _ORGANISATION_WORDS or all(word.isupper() for word in words):
        return "ORG"
    if folded & _EVENT_WORDS:
        return "EVENT"
    # Two or three plain capitalised words are most often a person; "Seeds of Peace" is not.
    if 2 <= len(words) <= 3 and not folded & _CONNECTORS:
        return "PERSON"
    return "PRODUCT"
