"""How well the story clusterer groups real news the way people and aggregators did.

Three labelled sets under ``../shared/data`` (the folder given is that ``data`` folder):

- ``clustering-news/g5w1h_news_cluster.dev.jsonl``: full articles from many outlets,
  grouped into events by people (Giveme5W1H). Some events gather articles weeks or months
  apart: their stories go quiet in between and must be reopened from the archive, and a
  few come back after more than ``archive_for``, when the archive has forgotten them. The
  ``archive_ceiling`` is the best B-cubed F1 a clusterer that forgets can reach (every true
  story cut where it had no article for longer than ``archive_for``).
- ``clustering-news/uci_news_head.dev.jsonl``: headlines only, grouped by a news aggregator.
- ``clustering/News.dev.jsonl``: pre-processed Google News headlines (lower case, stemmed,
  stop words removed), no dates: a stream in file order with no recency at all.

Each set is scored with the best installed embeddings backend and again with the others;
B-cubed and pairwise precision/recall/F1 and NMI are computed here (NMI normalised by the
geometric mean of the two entropies, as Yin and Wang report it). The baseline, run on the
same articles, is the plain TF-IDF single pass of the data's README: words of the title
and the whole text, idf from the whole set, each article to the most similar cluster
centroid when the cosine reaches 0.15 (full text) or 0.10 (headlines), with no time.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from tidings.enrich.embeddings import MODEL, article_text_for_embedding, embed, model_available
from tidings.jsonl import parse_published
from tidings.stories.clustering import StoryArticle, cluster_stream, time_order
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.terms import STOP_WORDS, WORD

NO_EMBEDDINGS = "none"
# Thresholds of the README's baseline, for full text and for headlines.
BASELINE_THRESHOLDS = {"text": 0.15, "headline": 0.10}
PUBLISHED = {
    "News.dev": {
        "metric": "NMI on the full 152-story set (ours: the 46-story dev split)",
        "source": "Yin et al., KDD 2018",
        "MStream": 0.834,
        "DTM": 0.793,
        "Sumblr": 0.575,
    },
    "clustering-news": {
        "metric": "B-cubed F1 of a TF-IDF single pass, on these dev splits (data README)",
        "g5w1h_news_cluster.dev": 0.95,
        "uci_news_head.dev": 0.66,
    },
}


@dataclass(frozen=True)
class LabelledArticle:
    title: str
    text: str
    published: datetime | None
    story: str


# 1. Scores.


def _contingency(found: Sequence[Any], true: Sequence[Any]) -> np.ndarray:
    """Articles per (found story, true story)."""
    _, found_index = np.unique([str(label) for label in found], return_inverse=True)
    _, true_index = np.unique([str(label) for label in true], return_inverse=True)
    table = np.zeros((found_index.max() + 1, true_index.max() + 1))
    np.add.at(table, (found_index, true_index), 1)
    return table


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _prf(precision: float, recall: float) -> dict[str, float]:
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(_f1(precision, recall), 4),
    }


def b_cubed(found: Sequence[Any], true: Sequence[Any]) -> dict[str, float]:
    """Per article: the share of its found story that truly belongs with it (precision)
    and the share of its true story found with it (recall), averaged over articles."""
    table = _contingency(found, true)
    squares = table**2
    articles = table.sum()
    precision = (squares / table.sum(axis=1, keepdims=True)).sum() / articles
    recall = (squares / table.sum(axis=0, keepdims=True)).sum() / articles
    return _prf(float(precision), float(recall))


def pairwise(found: Sequence[Any], true: Sequence[Any]) -> dict[str, float]:
    """Over pairs of articles: of the pairs put together, the share that belong together,
    and of those that belong together, the share put together."""
    table = _contingency(found, true)

    def pairs(counts: np.ndarray) -> float:
        return float((counts * (counts - 1) / 2).sum())

    together = pairs(table)
    found_pairs, true_pairs = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    precision = together / found_pairs if found_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0
    return _prf(precision, recall)


def nmi(found: Sequence[Any], true: Sequence[Any]) -> float:
    """Mutual information of the two groupings over the geometric mean of their entropies
    (1 for the same grouping; 1 too when both put everything in one group)."""
    table = _contingency(found, true)
    articles = table.sum()
    found_sizes, true_sizes = table.sum(axis=1), table.sum(axis=0)
    cells = table > 0
    expected = np.outer(found_sizes, true_sizes)[cells]
    information = (table[cells] / articles * np.log(articles * table[cells] / expected)).sum()

    def entropy(sizes: np.ndarray) -> float:
        shares = sizes / articles
        return float(-(shares * np.log(shares)).sum())

    norm = math.sqrt(entropy(found_sizes) * entropy(true_sizes))
    if norm == 0:
        return 1.0 if len(found_sizes) == len(true_sizes) else 0.0
    return round(float(information) / norm, 4)


def scores(found: Sequence[Any], true: Sequence[Any]) -> dict[str, Any]:
    return {
        "b_cubed": b_cubed(found, true),
        "pairwise": pairwise(found, true),
        "nmi": nmi(found, true),
        "stories_found": len(set(found)),
    }


# 2. The sets.


def read_set(path: Path) -> list[LabelledArticle]:
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if "textCleaned" in record:  # the pre-processed Google News set
            articles.append(
                LabelledArticle(record["textCleaned"], "", None, str(record["clusterNo"]))
            )
        else:
            articles.append(
                LabelledArticle(
                    record["title"],
                    record.get("text") or "",
                    parse_published(record.get("published")),
                    str(record["story"]),
                )
            )
    return articles


SETS = {
    "g5w1h_news_cluster.dev": "clustering-news/g5w1h_news_cluster.dev.jsonl",
    "uci_news_head.dev": "clustering-news/uci_news_head.dev.jsonl",
    "News.dev": "clustering/News.dev.jsonl",
}


def cluster_set(
    articles: Sequence[LabelledArticle],
    vectors: np.ndarray | None,
    settings: ClusteringSettings,
) -> list[int]:
    """Stories in the order of ``articles``, clustered in time order."""
    order = time_order([article.published for article in articles])
    stream = [
        StoryArticle(
            articles[position].title,
            articles[position].text,
            articles[position].published,
            None if vectors is None else vectors[position],
        )
        for position in order
    ]
    labels = [0] * len(articles)
    for position, story in zip(order, cluster_stream(stream, settings), strict=True):
        labels[position] = story
    return labels


def archive_ceiling(articles: Sequence[LabelledArticle], archive_for: timedelta) -> float:
    """B-cubed F1 of the true stories cut wherever one had no article for longer than
    ``archive_for``: the best a clusterer that forgets quiet stories then can do."""
    pieces: dict[str, tuple[int, datetime | None]] = {}
    labels = [""] * len(articles)
    for position in time_order([article.published for article in articles]):
        article = articles[position]
        piece, last = pieces.get(article.story, (0, None))
        if last and article.published and article.published - last > archive_for:
            piece += 1
        pieces[article.story] = (piece, article.published or last)
        labels[position] = f"{article.story}#{piece}"
    return b_cubed(labels, [article.story for article in articles])["f1"]


# 3. The baseline.


def baseline(articles: Sequence[LabelledArticle]) -> list[int]:
    """The README's TF-IDF single pass (see the module docstring), in file order."""
    bags = [
        Counter(
            word
            for word in WORD.findall(f"{article.title}\n{article.text}".lower())
            if word not in STOP_WORDS
        )
        for article in articles
    ]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())
    total = len(bags)
    centroids: list[dict[str, float]] = []
    labels = []
    for article, bag in zip(articles, bags, strict=True):
        weights = {
            word: (1 + math.log(count)) * (math.log((total + 1) / (frequency[word] + 1)) + 1)
            for word, count in bag.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        vector = {word: weight / norm for word, weight in weights.items()}
        kind = "text" if article.text.strip() else "headline"
        best, best_score = -1, BASELINE_THRESHOLDS[kind]
        for number, centroid in enumerate(centroids):
            centroid_norm = math.sqrt(sum(weight * weight for weight in centroid.values()))
            score = sum(w * centroid.get(word, 0.0) for word, w in vector.items()) / centroid_norm
            if score >= best_score:
                best, best_score = number, score
        if best < 0:
            centroids.append(dict(vector))
            labels.append(len(centroids) - 1)
        else:
            for word, weight in vector.items():
                centroids[best][word] = centroids[best].get(word, 0.0) + weight
            labels.append(best)
    return labels


# 4. The whole evaluation.


def _vectors(articles: Sequence[LabelledArticle], backend: str) -> np.ndarray | None:
    if backend == NO_EMBEDDINGS:
        return None
    texts = [article_text_for_embedding(article.title, article.text) for article in articles]
    return embed(texts, backend)


def evaluate_clustering(data_dir: Path) -> dict[str, Any]:
    """Scores of each set with each embeddings backend, the baseline and the anchors."""
    settings = ClusteringSettings.for_embeddings(None)
    backends = (["model"] if model_available() else []) + ["hashed", NO_EMBEDDINGS]
    results: dict[str, Any] = {}
    baselines: dict[str, Any] = {}
    for name, relative in SETS.items():
        articles = read_set(data_dir / relative)
        truth = [article.story for article in articles]
        by_backend: dict[str, Any] = {}
        for backend in backends:
            started = time.perf_counter()
            vectors = _vectors(articles, backend)
            embedded = time.perf_counter()
            tuned = ClusteringSettings.for_embeddings(None if vectors is None else backend)
            found = cluster_set(articles, vectors, tuned)
            finished = time.perf_counter()
            by_backend[backend] = {
                **scores(found, truth),
                "embedding_seconds": round(embedded - started, 2),
                "clustering_articles_per_second": round(len(articles) / (finished - embedded)),
            }
        best = backends[0]
        results[name] = {
            "articles": len(articles),
            "stories_true": len(set(truth)),
            "embeddings": best,
            **by_backend[best],
            "archive_ceiling_b_cubed_f1": archive_ceiling(articles, settings.archive_for),
            "other_embeddings": {
                backend: by_backend[backend] for backend in backends if backend != best
            },
        }
        baselines[name] = scores(baseline(articles), truth)
    return {
        "settings": {
            "threshold": settings.threshold,
            "threshold_with_model": ClusteringSettings.for_embeddings(MODEL).threshold,
            "embedding_gate_with_model": ClusteringSettings.for_embeddings(MODEL).embedding_gate,
            "headline_threshold": settings.headline_threshold,
            "reopen_threshold": settings.reopen_threshold,
            "headline_reopen_threshold": settings.headline_reopen_threshold,
            "merge_threshold": settings.merge_threshold,
            "quiet_after_days": settings.quiet_after / timedelta(days=1),
            "archive_for_days": settings.archive_for / timedelta(days=1),
            "archive_terms": settings.archive_terms,
        },
        "sets": results,
        "baseline": baselines,
        "published": PUBLISHED,
    }
