"""The candidates of each article: everything it may be about, merged and counted.

1. Names come from spaCy's entities in the head of the article (the title, then the start
   of the body; the lead is where news says what it is about, and the cap keeps the model
   fast on long texts) and from capitalised phrases over the rest; without spaCy,
   capitalised phrases stand in for all names. Topics come from YAKE's keyphrases of the
   head and from the phrases said more than once anywhere ("prisoner swaps").
2. Mentions of the same thing are merged into one candidate as they are added: the alias
   table and rules of ``aliases`` ("U.S." and "America" are "United States"), a surname
   into the full name found in the same article, plural and singular forms of a phrase.
3. Each candidate's mentions are counted over the whole text, for ``tagging_ranking``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from tidings.enrich import aliases
from tidings.enrich.aliases import PERSON, TOPIC
from tidings.enrich.sentences import word_set
from tidings.enrich.tagging_context import Text, cues_in, decide_kind
from tidings.enrich.tagging_data import Candidate, Document
from tidings.enrich.tagging_gazetteer import is_place
from tidings.enrich.tagging_kinds import (
    NATIONALITY_WEIGHT,
    capitalised_names,
    entity_label,
    majority_kind,
    pieces,
)
from tidings.enrich.tagging_models import (
    BACKEND_YAKE,
    SPACY_MODEL,
    Backend,
    keyphrase_extractor,
    spacy_model,
    yake_stopwords,
)
from tidings.enrich.tagging_words import (
    GENERIC,
    clean_name,
    is_junk,
    name_key,
    phrase_key,
    proper_case,
    split_head,
    tokens_of,
)

# Words of the body (after the title) that each model reads; mentions are counted in all.
ENTITY_HEAD_WORDS = 150
KEYPHRASE_HEAD_WORDS = 100
# Phrases said at least twice anywhere in the text, most frequent first, this many.
REPEATED_PHRASES = 10
# How much a guessed kind counts against spaCy's, when both name the same thing.
GUESSED_KIND_VOTE = 0.3
# Who someone is, not what the article is about: a keyphrase ending in one is dropped.
ROLES = word_set(
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
        words = tokens_of(clause)
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                if _topic_shaped(gram):
                    key = phrase_key(gram)
                    counts[key] += 1
                    forms[key][" ".join(gram)] += 1
    repeated = sorted(
        (key for key, count in counts.items() if count >= 2),
        key=lambda key: (-counts[key], -len(key), key),
    )
    return [forms[key].most_common(1)[0][0] for key in repeated[:REPEATED_PHRASES]]


def _topic_shaped(words: list[str]) -> bool:
    stopwords = yake_stopwords()
    return (
        all(word.isalpha() and word.islower() for word in words)
        and words[0] not in stopwords
        and words[-1] not in stopwords
        and words[-1] not in GENERIC
        and all(word not in stopwords or word in _INNER_WORDS for word in words[1:-1])
    )


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


class _Gatherer:
    """The candidates of one document, merged as they are added."""

    def __init__(self) -> None:
        self.names: dict[str, Candidate] = {}  # by case-folded label
        self.phrases: dict[tuple[str, ...], Candidate] = {}  # by stemmed tokens

    def add_entity(self, surface: str, spacy_label: str, vote: float = 1.0) -> Candidate | None:
        resolved = entity_label(surface, spacy_label)
        if resolved is None:
            return None
        label, kind, weight = resolved
        # A topic of the table ("prisoners of war", "POWs") is found as a phrase is.
        is_name = kind != TOPIC or aliases.canonical(label) is None
        key_of = name_key if is_name else phrase_key
        candidate = self.names.get(label.casefold())
        if candidate is None:
            candidate = Candidate(label, kind, is_name=is_name)
            for form in aliases.forms_of(label):
                candidate.surfaces[key_of(tokens_of(form))] = 1.0
            for nationality in aliases.nationalities_of(label):
                candidate.surfaces[key_of(tokens_of(nationality))] = NATIONALITY_WEIGHT
            self.names[label.casefold()] = candidate
        candidate.surfaces.setdefault(key_of(tokens_of(clean_name(surface))), weight)
        candidate.kind_votes[kind] += weight * vote
        if vote >= 1.0:
            candidate.model_votes += weight
        return candidate

    def add_keyphrase(self, phrase: str, body: str) -> None:
        cleaned = clean_name(phrase)
        if is_junk(cleaned) or aliases.country_of(cleaned):
            return
        tokens = tokens_of(cleaned)
        inner = [token.casefold() for token in tokens[1:-1]]
        if any(word in yake_stopwords() and word not in _INNER_WORDS for word in inner):
            return  # "agree to work": a clause, not a topic
        if tokens[-1].casefold() in ROLES:
            return  # "prime minister": who, not what; the person is a candidate already
        if aliases.canonical(cleaned) is not None or is_place(cleaned):
            self.add_entity(cleaned, "GPE", GUESSED_KIND_VOTE)
            return
        if any(name_key(tokens) in candidate.surfaces for candidate in self.names.values()):
            return
        if self._straddles_a_name(tokens):
            return
        if all(token[:1].isupper() for token in tokens) and cleaned.lower() not in body:
            # A name the entity finder missed ("Hop").
            self.add_entity(cleaned, "PRODUCT", GUESSED_KIND_VOTE)
            return
        key = phrase_key(tokens)
        if key not in self.phrases:
            label = proper_case(cleaned.lower(), body)
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
            if majority_kind(candidate) == PERSON and len(tokens_of(candidate.label)) > 1
        ]
        # Fewest votes first, so that the spelling used most is the one that stays.
        for candidate in sorted(self.names.values(), key=lambda c: c.kind_votes.total()):
            if aliases.canonical(candidate.label) is not None:
                continue  # the table has already decided what this name is
            short = name_key(tokens_of(candidate.label))
            for person in people:
                full = name_key(tokens_of(person.label))
                if person is candidate or person.label.casefold() not in self.names:
                    continue
                # Either end: "Ishiba" is the surname of "Ishiba Shigeru" in Japanese order.
                surname = len(short) == 1 and (
                    _one_edit_apart(short[0], full[-1]) or _one_edit_apart(short[0], full[0])
                )
                spelling = (
                    len(short) == len(full)
                    and majority_kind(candidate) == PERSON
                    and person.kind_votes.total() >= candidate.kind_votes.total()
                    and all(map(_one_edit_apart, short, full))
                )
                if surname or spelling:
                    person.surfaces.update(candidate.surfaces)
                    person.kind_votes[PERSON] += candidate.kind_votes.total()
                    del self.names[candidate.label.casefold()]
                    break

    def candidates(self, text: str) -> list[Candidate]:
        """Each candidate in the case the text writes it, of the kind all the evidence
        says (``tagging_context``)."""
        found = [*self.names.values(), *self.phrases.values()]
        document = Text.of(text)
        for candidate in found:
            candidate.kind = majority_kind(candidate)
            if candidate.is_name and aliases.canonical(candidate.label) is None:
                candidate.label = proper_case(candidate.label, text)
                candidate.kind = decide_kind(
                    candidate.label,
                    candidate.kind_votes,
                    cues_in(candidate.label, document),
                    guessed=candidate.model_votes == 0,
                )
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
        raw = tokens_of(text)
        streams = ((self.names, name_key(raw)), (self.phrases, phrase_key(raw)))
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
    extractor = keyphrase_extractor()
    found = []
    for document, entities in zip(documents, _entities(documents, backend), strict=True):
        gatherer = _Gatherer()
        for surface, label, vote in entities:
            gatherer.add_entity(surface, label, vote)
        gatherer.merge_people()
        whole = f"{document.title}\n\n{document.text}"
        head, _ = split_head(document, KEYPHRASE_HEAD_WORDS)
        for phrase, _weight in extractor.extract_keywords(head):
            gatherer.add_keyphrase(phrase, document.text)
        for phrase in repeated_phrases(document):
            gatherer.add_keyphrase(phrase, document.text)
        candidates = gatherer.candidates(whole)
        _count_mentions(candidates, document)
        found.append(merge_variants(candidates))
    return found


def _entities(
    documents: Sequence[Document], backend: Backend
) -> list[list[tuple[str, str, float]]]:
    """(mention, spaCy-style label, weight of its label) for each document. spaCy reads the
    head; capitalised phrases cover the rest, their guessed labels counting for less."""
    parts = [split_head(document, ENTITY_HEAD_WORDS) for document in documents]
    if backend == BACKEND_YAKE:
        return [
            [
                (name, label, GUESSED_KIND_VOTE)
                for name, label in capitalised_names(f"{head}\n\n{tail}")
            ]
            for head, tail in parts
        ]
    model = spacy_model()
    if model is None:
        raise RuntimeError(f"spaCy or its model {SPACY_MODEL} is not installed")
    found = []
    for (_head, tail), parsed in zip(
        parts, model.pipe([head for head, _ in parts], batch_size=32), strict=True
    ):
        entities = [
            (piece, entity.label_, 1.0) for entity in parsed.ents for piece in pieces(entity.text)
        ]
        entities += [(name, label, GUESSED_KIND_VOTE) for name, label in capitalised_names(tail)]
        found.append(entities)
    return found


def merge_variants(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per concept: those whose labels differ only in case, spacing or
    number ("Pot Taxes", "pot tax") become the one mentioned most, with all the mentions
    and votes of the others."""
    by_key: dict[str, Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: -(c.title_hits + c.body_hits)):
        key = aliases.variant_key(candidate.label)
        kept = by_key.get(key)
        if kept is None:
            by_key[key] = candidate
            continue
        kept.title_hits += candidate.title_hits
        kept.body_hits += candidate.body_hits
        kept.first_position = min(kept.first_position, candidate.first_position)
        kept.kind_votes.update(candidate.kind_votes)
        kept.model_votes += candidate.model_votes
        if kept.kind == TOPIC and candidate.kind != TOPIC:
            kept.kind, kept.is_name = candidate.kind, True
    return [c for c in candidates if by_key.get(aliases.variant_key(c.label)) is c]
