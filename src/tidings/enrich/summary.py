"""A two-to-three-sentence extractive summary: the article's own sentences, in its order,
each with its place in the text.

The method needs no model and no word lists, so it works in any language whose sentences
the splitter finds. Each candidate sentence is scored on three things:

1. centrality: PageRank over the sentences' cosine similarities (TextRank), with TF-IDF
   vectors whose document frequencies are counted over the article's own sentences, so
   that words every sentence uses ("the", "der") weigh little without a stop list, and an
   article's summary does not depend on which other articles it arrived with;
2. the headline: similarity to the title, which names what the story is about;
3. position: news puts the point first, so earlier sentences score higher.

Sentences are then taken greedily with maximal marginal relevance, so that the second one
adds something the first did not say. Questions, quotes, captions, headings and very
short or long sentences are not candidates; a dateline or speaker's name in front of a
sentence is left out of it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass

import numpy as np

from tidings.enrich.sentences import (
    Sentence,
    is_furniture,
    lead_in_length,
    paragraph_index,
    split_sentences,
)

VERSION = 1
SENTENCES = 3
MIN_WORDS = 6
MAX_WORDS = 60
WORD_BUDGET = 90  # a third sentence is added only while the summary stays this short
# Position weighs most: news leads are strong, and with less weight on it our summaries
# covered fewer of the crowd's keyphrases on the KPCrowd development stories.
CENTRALITY_WEIGHT = 0.3
TITLE_WEIGHT = 0.2
POSITION_WEIGHT = 0.5
POSITION_DECAY = 4.0  # in sentences: the lead weighs 1, the fifth sentence about 0.37
NOVELTY = 0.3  # maximal marginal relevance: weight of dissimilarity to what was chosen
REDUNDANT = 0.6  # cosine similarity above which a sentence repeats one already chosen
DAMPING = 0.85

_WORD = re.compile(r"\w+")
# Scripts written without spaces between words are compared by character pairs.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]*)[\"“”„«»]")
_FINAL = tuple(".!…。！」") + tuple("\"'”’»)")


@dataclass(frozen=True)
class SummarySentence:
    text: str
    start: int
    end: int


def summarize(title: str, text: str, *, sentences: int = SENTENCES) -> list[SummarySentence]:
    """The ``sentences`` (or fewer) sentences of ``text`` that best say what it is about,
    in article order; ``text[s.start:s.end] == s.text`` for each."""
    all_sentences = split_sentences(text)
    rows = _candidates(all_sentences, title)
    if not rows:
        return []
    candidates = [all_sentences[row] for row in rows]
    # A summary as long as the article is no summary: short texts get fewer sentences.
    wanted = min(sentences, max(1, len(candidates) - 1))
    vectors = _tfidf([_tokens(s.text) for s in all_sentences], rows, _tokens(title))
    title_vector, candidate_vectors = vectors[-1], vectors[:-1]
    similarity = candidate_vectors @ candidate_vectors.T
    scores = (
        CENTRALITY_WEIGHT * _scaled(_pagerank(similarity))
        + TITLE_WEIGHT * _scaled(candidate_vectors @ title_vector)
        + POSITION_WEIGHT * np.exp(-np.arange(len(candidates)) / POSITION_DECAY)
    )
    chosen = _select(scores, similarity, candidates, wanted)
    return [_trimmed(candidates[i]) for i in sorted(chosen)]


def _candidates(sentences: list[Sentence], title: str) -> list[int]:
    """Indexes of the sentences fit to stand in a summary; if the text has too few, of the
    prose ones."""
    title_words = set(_tokens(title))
    fit = [i for i, s in enumerate(sentences) if _is_prose(s.text, title_words)]
    inside_quote = _inside_quote(sentences)
    strict = [
        i
        for i in fit
        if MIN_WORDS <= _word_count(sentences[i].text) <= MAX_WORDS
        and not inside_quote[i]
        and _is_plain(sentences[i].text)
    ]
    return strict if len(strict) >= 2 else fit


def _inside_quote(sentences: list[Sentence]) -> list[bool]:
    """Whether each sentence begins inside a quotation opened by an earlier one, as in
    '"We won. It was hard," she said.'; quotations do not run across paragraphs."""
    inside = []
    open_quote = False
    paragraph = -1
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            open_quote, paragraph = False, sentence.paragraph
        inside.append(open_quote)
        marks = sentence.text.count('"') + sentence.text.count("“") + sentence.text.count("”")
        open_quote = open_quote != (marks % 2 == 1)
    return inside


def _is_prose(sentence: str, title_words: set[str]) -> bool:
    """A sentence of running text, not a caption, a heading or the headline again."""
    body = sentence[lead_in_length(sentence) :]
    words = _tokens(body)
    if _word_count(body) < 3 or is_furniture(body):
        return False
    if not body.rstrip().endswith(_FINAL):
        return False  # a heading, a caption or a line of links
    return not (title_words and len(set(words) & title_words) >= 0.8 * len(set(words)))


def _is_plain(sentence: str) -> bool:
    """Not a question and not mostly somebody's quoted words."""
    if sentence.rstrip("\"'”’») ").endswith("?"):
        return False
    quoted = sum(len(match.group(1)) for match in _QUOTED.finditer(sentence))
    return sentence[:1] not in "\"“„«'‘" and quoted < 0.5 * len(sentence)


def _select(
    scores: np.ndarray, similarity: np.ndarray, candidates: list[Sentence], wanted: int
) -> list[int]:
    chosen: list[int] = []
    words = 0
    while len(chosen) < wanted:
        overlap = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(scores))
        value = (1 - NOVELTY) * scores - NOVELTY * overlap
        value[(overlap > REDUNDANT) | np.isin(np.arange(len(scores)), chosen)] = -np.inf
        best = int(np.argmax(value))
        if value[best] == -np.inf:
            break
        length = _word_count(candidates[best].text)
        if len(chosen) >= 2 and words + length > WORD_BUDGET:
            break
        chosen.append(best)
        words += length
    return chosen


def _trimmed(sentence: Sentence) -> SummarySentence:
    skip = lead_in_length(sentence.text)
    return SummarySentence(sentence.text[skip:], sentence.start + skip, sentence.end)


def _word_count(text: str) -> int:
    """Words in ``text``; in scripts without spaces, about one word per two characters."""
    if _UNSPACED.search(text):
        return len(text) // 2
    return len(text.split())


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    if not _UNSPACED.search(text):
        return words
    tokens = []
    for word in words:
        if _UNSPACED.search(word) and len(word) > 1:
            tokens.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            tokens.append(word)
    return tokens


def _tfidf(sentences: list[list[str]], rows: list[int], title: list[str]) -> np.ndarray:
    """Unit-length TF-IDF vectors of the chosen sentences, then of the title, with document
    frequencies counted over all the sentences.

    Only the terms that two or more of these vectors share get a column: the others add
    nothing to any cosine similarity, only to each vector's length, which is counted in
    full. That keeps the matrix small for long articles.
    """
    frequency = Counter(term for tokens in sentences for term in set(tokens))
    size = len(sentences)
    weighted = [
        {
            term: (1 + math.log(n)) * (math.log((1 + size) / (1 + frequency[term])) + 1)
            for term, n in Counter(tokens).items()
        }
        for tokens in [sentences[row] for row in rows] + [title]
    ]
    shared = Counter(term for weights in weighted for term in weights)
    columns = {term: i for i, term in enumerate(t for t, n in shared.items() if n > 1)}
    matrix = np.zeros((len(weighted), len(columns)))
    for row, weights in enumerate(weighted):
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for term, weight in weights.items():
            if term in columns:
                matrix[row, columns[term]] = weight / norm
    return matrix


def _pagerank(similarity: np.ndarray) -> np.ndarray:
    size = len(similarity)
    weights = similarity.copy()
    np.fill_diagonal(weights, 0)
    totals = weights.sum(axis=1, keepdims=True)
    transition = np.where(totals > 0, weights / np.where(totals == 0, 1, totals), 1 / size)
    rank = np.full(size, 1 / size)
    for _ in range(50):
        updated = (1 - DAMPING) / size + DAMPING * transition.T @ rank
        if np.abs(updated - rank).sum() < 1e-8:
            return updated
        rank = updated
    return rank


def _scaled(values: np.ndarray) -> np.ndarray:
    """Values mapped onto 0..1, so that the three scores weigh what their weights say."""
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.ones_like(values)


# The database edge ---------------------------------------------------------------------


def summary_for_page(article) -> list[dict]:
    """The stored summary of ``article`` for ``web/_summary.html``: each sentence with
    ``paragraph``, the index of the paragraph that holds it (for the ``#p-N`` link).
    Sentences that no longer sit where they were found (the text was extracted again
    since) are left out rather than shown pointing at the wrong place."""
    analysis = getattr(article, "analysis", None)
    summary = analysis.summary if analysis is not None else []
    return [
        {**sentence, "paragraph": paragraph_index(article.text, sentence["start"])}
        for sentence in summary
        if article.text[sentence["start"] : sentence["end"]] == sentence["text"]
    ]


def process(articles: list) -> None:
    """Store each article's summary in its analysis (any language: the method needs no
    word lists)."""
    from tidings.enrich.models import ArticleAnalysis

    for article in articles:
        summary = [asdict(sentence) for sentence in summarize(article.title, article.text)]
        ArticleAnalysis.objects.update_or_create(article=article, defaults={"summary": summary})
