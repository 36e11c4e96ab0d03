"""A story's summary across its outlets: three to six of the articles' own sentences, the
main event first, then what each further sentence adds, each citing where it came from.

1. Candidates are the opening prose sentences of every article (news says the most
   important things first), without datelines, captions, questions and quotations.
2. Each is scored on its place in its article and on how much the other outlets say the
   same (the mean cosine of its vector with the other articles' candidates): what several
   outlets report is the story, what one outlet adds is detail.
3. Sentences are chosen greedily by maximal marginal relevance. A candidate that repeats
   a chosen one (a wire copy, a rewrite) is not chosen; it is cited beside it instead,
   so a reader sees which outlets said it.
4. A repeat is cited only if the statement passes the citation check against it alone.

A story of one article gets that article's summary (``tidings.enrich.summary``).

Nothing is written that the articles did not write: the only change is dropping a
dateline or a "(CNN)" before a sentence, so each statement passes the citation check
against its first citation by construction (the evaluation checks it all the same).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tidings.ai.citations import passes
from tidings.enrich.embeddings import DIMENSIONS, STORED_SENTENCES, embed
from tidings.enrich.sentences import is_furniture, is_heading, lead_sentences, word_set
from tidings.enrich.summary import summarize

MIN_SENTENCES = 3
MAX_SENTENCES = 6
WORD_BUDGET = 220  # sentences are added past the third only while the summary stays this short
# Candidates are among each article's first prose sentences: those the embed stage
# stores the vectors of, so that a stored article is never embedded again here.
LEAD_WINDOW = STORED_SENTENCES
MIN_WORDS = 8
MAX_WORDS = 55
POSITION_DECAY = 3.0  # in sentences: an article's fourth candidate weighs about 0.37
SUPPORT_WEIGHT = 0.7  # against position's 1 - SUPPORT_WEIGHT (both picked by cross-validation)
# With at most six sentences, one that states more says more of the story: a candidate's
# score grows by up to this share with its content words (full at ``FULL_WORDS``).
LENGTH_WEIGHT = 0.8
FULL_WORDS = 25
NOVELTY = 0.3  # maximal marginal relevance: weight of similarity to what was chosen
REPEAT_COSINE = 0.75  # vectors this close say the same thing
REPEAT_OVERLAP = 0.6  # so do sentences sharing this share of the shorter one's words
DANGLING_PENALTY = 0.5  # "He said ..." means little without the sentence before it

_FINAL = tuple(".!…\"'”’»)")
_WORD = re.compile(r"\w+")
_DANGLING = re.compile(r"^(?:He|She|They|It|This|That|These|Those|But|And|Also|His|Her)\b")
_QUOTE_START = tuple("\"“„«'‘")
_STOP = word_set(
    """a an the and or but of to in on at for from by with as is are was were be been has
    have had it its he she they his her their that this which who said says will would
    not no"""
)


Vectorize = Callable[[Sequence[str]], np.ndarray]


def sentence_vectors(backend: str) -> Vectorize:
    """Sentences embedded as articles are (``model`` or ``hashed``, see
    ``tidings.enrich.embeddings``)."""
    return lambda texts: embed(texts, backend)


class KnownVectors:
    """Sentence vectors looked up where known (stored by the embed stage, or embedded by
    this object before), the rest embedded with ``backend``, each text once."""

    def __init__(self, backend: str, known: dict[str, np.ndarray] | None = None):
        self.embed = sentence_vectors(backend)
        self.known = dict(known or {})
        self.embedded = 0  # texts this object had to embed

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self.known]
        if missing:
            self.known.update(zip(missing, self.embed(missing), strict=True))
            self.embedded += len(missing)
        return np.array([self.known[text] for text in texts], dtype=np.float32).reshape(
            len(texts), DIMENSIONS
        )


@dataclass(frozen=True)
class Document:
    id: Any
    title: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class Citation:
    document: Any
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    text: str
    citations: tuple[Citation, ...]


@dataclass
class _Candidate:
    document: int
    position: int  # among its article's candidates
    text: str
    start: int
    end: int
    words: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Settings:
    """What the evaluation varies; the defaults are what ships."""

    word_budget: int = WORD_BUDGET
    support_weight: float = SUPPORT_WEIGHT
    length_weight: float = LENGTH_WEIGHT
    repeat_cosine: float = REPEAT_COSINE


def summarize_story(
    documents: Sequence[Document], vectorize: Vectorize, settings: Settings = Settings()
) -> list[Statement]:
    """The story's summary, main event first. ``vectorize`` gives unit-length sentence
    vectors (``KnownVectors`` in use)."""
    if len(documents) == 1:
        return _one_article(documents[0])
    candidates = [c for i, d in enumerate(documents) for c in _candidates(i, d)]
    if not candidates:
        return []
    vectors = vectorize([c.text for c in candidates])
    similarity = vectors @ vectors.T
    scores = _scores(candidates, similarity, settings)
    chosen = _select(candidates, similarity, scores, settings)
    statements = []
    for index in chosen:
        repeats = [
            other
            for other in np.argsort(-similarity[index])
            if other != index
            and candidates[other].document != candidates[index].document
            and _repeats(candidates, similarity, index, other, settings.repeat_cosine)
            and passes(candidates[index].text, [candidates[other].text])
        ]
        cited = [index, *_one_per_document(candidates, repeats)]
        statements.append(
            Statement(
                candidates[index].text,
                tuple(_citation(documents, candidates[i]) for i in cited),
            )
        )
    return statements


def _one_article(document: Document) -> list[Statement]:
    """A story of one article is summarised as the article is (its own lead first)."""
    return [
        Statement(s.text, (Citation(document.id, s.start, s.end),))
        for s in summarize(document.title, document.text, sentences=MAX_SENTENCES)
    ]


def _citation(documents: Sequence[Document], candidate: _Candidate) -> Citation:
    return Citation(documents[candidate.document].id, candidate.start, candidate.end)


def _candidates(number: int, document: Document) -> list[_Candidate]:
    found: list[_Candidate] = []
    title_words = _content_words(document.title)
    for sentence in lead_sentences(document.text, LEAD_WINDOW, MIN_WORDS):
        words = _content_words(sentence.text)
        if not _is_candidate(sentence.text) or (title_words and words == title_words):
            continue
        found.append(
            _Candidate(number, len(found), sentence.text, sentence.start, sentence.end, words)
        )
    return found


def _is_candidate(text: str) -> bool:
    words = len(text.split())
    return (
        MIN_WORDS <= words <= MAX_WORDS
        and text.endswith(_FINAL)
        and not text.rstrip("\"'”’») ").endswith("?")
        and not text.startswith(_QUOTE_START)
        and text[:1].isupper()
        and not is_furniture(text)
        and not is_heading(text)
    )


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _scores(candidates: list[_Candidate], similarity: np.ndarray, settings: Settings) -> np.ndarray:
    support_weight = settings.support_weight
    documents = np.array([c.document for c in candidates])
    position = np.exp(-np.array([c.position for c in candidates]) / POSITION_DECAY)
    others = documents[:, None] != documents[None, :]
    if not others.any():  # one article: support is how central a sentence is within it
        others = ~np.eye(len(candidates), dtype=bool)
    counts = np.maximum(others.sum(axis=1), 1)
    support = (similarity * others).sum(axis=1) / counts
    low, high = float(support.min()), float(support.max())
    support = (support - low) / (high - low) if high > low else np.ones_like(support)
    dangling = np.array([bool(_DANGLING.match(c.text)) for c in candidates])
    score = (1 - support_weight) * position + support_weight * support
    words = np.array([min(len(c.words), FULL_WORDS) for c in candidates]) / FULL_WORDS
    score = score * (1 + settings.length_weight * words)
    return score * np.where(dangling, DANGLING_PENALTY, 1.0)


def _select(
    candidates: list[_Candidate], similarity: np.ndarray, scores: np.ndarray, settings: Settings
) -> list[int]:
    chosen: list[int] = []
    words = 0
    available = np.ones(len(candidates), dtype=bool)
    while len(chosen) < MAX_SENTENCES and available.any():
        overlap = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(scores))
        value = np.where(available, (1 - NOVELTY) * scores - NOVELTY * overlap, -np.inf)
        best = int(np.argmax(value))
        length = len(candidates[best].text.split())
        if len(chosen) >= MIN_SENTENCES and words + length > settings.word_budget:
            break
        chosen.append(best)
        words += length
        for other in np.flatnonzero(available):
            if other == best or _repeats(
                candidates, similarity, best, int(other), settings.repeat_cosine
            ):
                available[other] = False
    return chosen


def _repeats(
    candidates: list[_Candidate], similarity: np.ndarray, a: int, b: int, cosine: float
) -> bool:
    """Whether two sentences say the same thing: close vectors or mostly the same words."""
    if similarity[a, b] >= cosine:
        return True
    shared = len(candidates[a].words & candidates[b].words)
    shorter = min(len(candidates[a].words), len(candidates[b].words)) or 1
    return shared / shorter >= REPEAT_OVERLAP


def _one_per_document(candidates: list[_Candidate], indexes: list[int]) -> list[int]:
    seen: set[int] = set()
    kept = []
    for index in indexes:
        if candidates[index].document not in seen:
            seen.add(candidates[index].document)
            kept.append(index)
    return kept
