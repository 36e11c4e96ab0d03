"""An article's words as the stream clusterer reads them, and the statistics of the stream.

1. ``term_frequencies``: the stemmed words of the title and lead without stop words,
   weighted by sublinear term frequency, the title and names (words capitalised
   mid-sentence) weighted up.
2. ``StreamFrequencies``: in how many articles of the stream so far each term occurs,
   hashed into a fixed table (so that a growing vocabulary never grows the memory), which
   turns those weights into a unit TF-IDF vector.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from functools import lru_cache

import numpy as np

from tidings.enrich.embeddings import STOP_WORDS as EMBEDDING_STOP_WORDS
from tidings.enrich.porter import stem
from tidings.stories.clustering_settings import ClusteringSettings

# Words every news story uses besides the function words: days, counting words and the
# verbs of reporting. Kept short; inverse document frequency pushes down the rest.
STOP_WORDS = EMBEDDING_STOP_WORDS | frozenset(
    [
        "new",
        "one",
        "two",
        "year",
        "years",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "told",
        "according",
        "reported",
        "report",
        "reports",
        "reuters",
        "ap",
        "afp",
        "news",
    ]
)
WORD = re.compile(r"[^\W_]+(?:['\u2019]s\b)?", re.UNICODE)
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])[\s\"'\u201c\u2018(\[-]*$")
# A line with more capitalised words than this share is a headline in title case, where
# capitals say nothing about names.
TITLE_CASE_SHARE = 0.5
# Document frequencies live in this many hashed counters (8 MB): a vocabulary that keeps
# growing with every new name and typo cannot grow the memory, and a rare collision only
# makes one rare word look a little more common.
DOCUMENT_FREQUENCY_BUCKETS = 2**21


@lru_cache(maxsize=100_000)
def _stemmed(word: str) -> str:
    return stem(word)


def _bucket(term: str) -> int:
    # CRC-32 rather than hash(): Python salts hash() per process, and the same stream
    # must give the same stories in every process.
    return zlib.crc32(term.encode()) % DOCUMENT_FREQUENCY_BUCKETS


def term_frequencies(title: str, text: str, settings: ClusteringSettings) -> dict[str, float]:
    """Stemmed terms of the title and lead with their weights: 1 + log(count), counting a
    title word ``title_weight`` times, times ``name_weight`` for a name. A text that opens
    by repeating the title does not count it twice."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and lines[0].casefold() == title.strip().casefold():
        lines = lines[1:]
    lead: list[str] = []
    words_left = settings.lead_words
    for line in lines:
        if words_left <= 0:
            break
        words = line.split()
        lead.append(" ".join(words[:words_left]))
        words_left -= len(words)
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for line, weight in [(title, settings.title_weight), *((line, 1.0) for line in lead)]:
        matches = list(WORD.finditer(line))
        capitalised = sum(1 for match in matches if match.group()[0].isupper())
        title_case = capitalised > TITLE_CASE_SHARE * len(matches)
        for match in matches:
            word = match.group()
            lowered = word.lower().replace("\u2019", "'").removesuffix("'s")
            if len(lowered) < 2 or lowered in STOP_WORDS:
                continue
            term = _stemmed(lowered)
            counts[term] += weight
            start = match.start()
            if (
                not title_case
                and word[0].isupper()
                and not SENTENCE_START.search(line, max(0, start - 8), start)
            ):
                names.add(term)
    return {
        term: (1 + math.log(count)) * (settings.name_weight if term in names else 1.0)
        for term, count in counts.items()
    }


def heaviest(weights: dict[str, float], count: int) -> list[str]:
    return [term for term, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


class StreamFrequencies:
    """In how many articles of the stream so far each term occurs (by its hashed bucket)."""

    def __init__(self) -> None:
        self.documents = 0
        self._counts = np.zeros(DOCUMENT_FREQUENCY_BUCKETS, dtype=np.int32)

    def tf_idf(self, frequencies: dict[str, float]) -> dict[str, float]:
        """Count an article's terms in, and return its unit TF-IDF vector: each weight of
        ``term_frequencies`` times 1 + log((articles + 1) / (articles with the term + 1)),
        both counts including this article."""
        self.documents += 1
        buckets = np.fromiter((_bucket(term) for term in frequencies), dtype=np.int64)
        self._counts[np.unique(buckets)] += 1
        documents = self.documents + 1
        weights = {
            term: weight * (math.log(documents / (int(self._counts[bucket]) + 1)) + 1)
            for (term, weight), bucket in zip(frequencies.items(), buckets, strict=True)
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        return {term: weight / norm for term, weight in weights.items()}


def unlist(index: dict[str, set[int]], term: str, story_id: int) -> None:
    """Take a story off one term of an inverted index (term: the stories listed under it)."""
    stories = index[term]
    stories.discard(story_id)
    if not stories:
        del index[term]
