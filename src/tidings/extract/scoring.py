"""The article-body benchmark's metric, as pure functions.

Each text becomes ``\\w+`` tokens, then overlapping 4-token shingles counted as a
multiset. A page scores true positives (shingles in both, counted the lesser number of
times), false positives (extra predicted shingles) and false negatives (missed ones).
Precision and recall are averaged over pages, and F1 is the harmonic mean of those two
means — not the mean of per-page F1s.

Empty texts follow the benchmark's evaluate script exactly:

- a text with fewer than four tokens is one short shingle; an empty text has none;
- both empty: the page is left out of both means (nothing to find, nothing found);
- prediction empty, truth not: recall 0, and the page is left out of the precision mean;
- truth empty, prediction not: precision 0, and the page is left out of the recall mean.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``; a short text is one shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        """Share of predicted shingles that are right; None when nothing was predicted."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        """Share of true shingles that were found; None when there was nothing to find."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None


def score_page(truth: str, prediction: str) -> PageScore:
    expected = shingles(truth)
    predicted = shingles(prediction)
    hits = sum((expected & predicted).values())
    return PageScore(
        true_positives=hits,
        false_positives=sum(predicted.values()) - hits,
        false_negatives=sum(expected.values()) - hits,
    )


@dataclass(frozen=True)
class BenchmarkScore:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score_pages(pairs: Iterable[tuple[str, str]]) -> BenchmarkScore:
    """Mean precision and mean recall over (truth, prediction) pairs, as the benchmark does."""
    pages = [score_page(truth, prediction) for truth, prediction in pairs]
    precisions = [page.precision for page in pages if page.precision is not None]
    recalls = [page.recall for page in pages if page.recall is not None]
    return BenchmarkScore(
        precision=sum(precisions) / len(precisions) if precisions else 0.0,
        recall=sum(recalls) / len(recalls) if recalls else 0.0,
        pages=len(pages),
    )
