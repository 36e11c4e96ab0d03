"""ROUGE, computed here rather than by two more dependencies, in the two ways summary
papers report it.

- ``rouge_score``: as Google's ``rouge-score`` package with stemming computes ROUGE-1, -2
  and -L: lower case, anything but letters and digits separates tokens, words of more
  than three letters Porter-stemmed, n-gram counts clipped, ROUGE-L the longest common
  subsequence of the two whole texts. Our Porter stemmer is the 1980 algorithm, which
  differs from NLTK's on a few rare endings.
- ``longbench_rouge_l``: as LongBench scores Multi-News, with the ``rouge`` package's
  ROUGE-L F: texts cut into "sentences" at every full stop and into words at spaces (case
  and punctuation kept), and the union LCS of each reference sentence with the summary's
  sentences counted over distinct words, as that package does.

All scores are F1 in 0..1.
"""

from __future__ import annotations

import re
from collections import Counter

from tidings.enrich.porter import stem

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def rouge_score(prediction: str, reference: str) -> dict[str, float]:
    ours, theirs = _tokens(prediction), _tokens(reference)
    return {
        "rouge1": _ngram_f1(ours, theirs, 1),
        "rouge2": _ngram_f1(ours, theirs, 2),
        "rougeL": _f1(_lcs_length(ours, theirs), len(ours), len(theirs)),
    }


def longbench_rouge_l(prediction: str, references: list[str]) -> float:
    return max((_summary_level_lcs(prediction, reference) for reference in references), default=0)


def _tokens(text: str) -> list[str]:
    words = _NOT_ALPHANUMERIC.sub(" ", text.lower()).split()
    return [stem(word) if len(word) > 3 else word for word in words]


def _ngram_f1(ours: list[str], theirs: list[str], n: int) -> float:
    mine = Counter(tuple(ours[i : i + n]) for i in range(len(ours) - n + 1))
    gold = Counter(tuple(theirs[i : i + n]) for i in range(len(theirs) - n + 1))
    return _f1(sum((mine & gold).values()), sum(mine.values()), sum(gold.values()))


def _f1(overlap: int, predicted: int, reference: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / predicted, overlap / reference
    return 2 * precision * recall / (precision + recall)


def _lcs_table(a: list[str], b: list[str]) -> list[list[int]]:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, word in enumerate(a, 1):
        row, previous = table[i], table[i - 1]
        for j, other in enumerate(b, 1):
            row[j] = previous[j - 1] + 1 if word == other else max(previous[j], row[j - 1])
    return table


def _lcs_length(a: list[str], b: list[str]) -> int:
    return _lcs_table(a, b)[-1][-1] if a and b else 0


def _lcs_words(a: list[str], b: list[str]) -> set[str]:
    """The words of one longest common subsequence, walked back as the package walks it."""
    table = _lcs_table(a, b)
    words = set()
    i, j = len(a), len(b)
    while i and j:
        if a[i - 1] == b[j - 1]:
            words.add(a[i - 1])
            i, j = i - 1, j - 1
        elif table[i - 1][j] > table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return words


def _sentences(text: str) -> list[list[str]]:
    pieces = [" ".join(piece.split()) for piece in text.split(".") if piece]
    return [piece.split(" ") for piece in pieces]


def _summary_level_lcs(prediction: str, reference: str) -> float:
    ours, theirs = _sentences(prediction), _sentences(reference)
    if not ours or not theirs:
        return 0.0
    predicted = len({word for sentence in ours for word in sentence})
    expected = len({word for sentence in theirs for word in sentence})
    union: set[str] = set()
    for sentence in theirs:
        for candidate in ours:
            union |= _lcs_words(sentence, candidate)
    precision, recall = len(union) / predicted, len(union) / expected
    return 2 * precision * recall / (precision + recall + 1e-8)
