"""How often related articles share the article's subject, on headlines labelled by section.

The UCI headlines of ``clustering-news/uci_news_head.dev.jsonl`` carry the section of each
(business, technology, entertainment, health). Related items are found as ``tidings
related`` finds them (``related_file.py``: the clusterer's stories and columns' names left
out), and scored by the share of related items from the article's own section (precision)
and the share of articles that get any (coverage). Chance is the precision of related
items drawn at random.

Two measures per embeddings backend: ``dev``, at the shipped floor (which was chosen on
this very set), and ``cross_validated``: five folds of whole stories; on each, the floor is
chosen on the other four (``choose_floor``) and scored on it, and the scores of the five
are pooled. The gap between the two says how much the floor is tuned to the set.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from tidings.enrich.embeddings import (
    HASHED,
    MODEL,
    article_text_for_embedding,
    embed,
    model_available,
)
from tidings.jsonl import parse_published
from tidings.stories.clustering import StoryArticle, cluster_stream, time_order
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.headlines import is_generic_headline
from tidings.stories.related_file import (
    SIMILARITY_FLOOR,
    at_floor,
    choose_floor,
    related_among,
    section_scores,
)

DATA = "clustering-news/uci_news_head.dev.jsonl"
FOLDS = 5
FLOORS = [round(0.2 + 0.025 * step, 3) for step in range(17)]  # 0.2 to 0.6


def evaluate_related(data_dir: Path) -> dict[str, Any]:
    rows = [json.loads(line) for line in (data_dir / DATA).read_text().splitlines() if line]
    sections = [row["category"] for row in rows]
    counts = Counter(sections)
    chance = sum((count / len(rows)) ** 2 for count in counts.values())
    backends = [MODEL, HASHED] if model_available() else [HASHED]
    scores: dict[str, Any] = {"articles": len(rows), "chance_precision": round(chance, 3)}
    for backend in backends:
        scores[backend] = _scores(rows, sections, backend)
    return scores


def _scores(rows: list[dict], sections: list[str], backend: str) -> dict[str, Any]:
    articles = [
        StoryArticle(row["title"], row.get("text") or "", parse_published(row.get("published")))
        for row in rows
    ]
    vectors = embed([article_text_for_embedding(a.title, a.text) for a in articles], backend)
    articles = [replace(a, embedding=v) for a, v in zip(articles, vectors, strict=True)]
    order = time_order([article.published for article in articles])
    settings = ClusteringSettings.for_embeddings(backend)
    stories = [0] * len(articles)
    for position, story in zip(
        order, cluster_stream([articles[p] for p in order], settings), strict=True
    ):
        stories[position] = story
    everyone = list(range(len(rows)))
    floor = SIMILARITY_FLOOR[backend]
    generic = [is_generic_headline(row["title"]) for row in rows]
    unfloored = related_among(vectors, stories, -np.inf, generic=generic)
    precision, coverage = section_scores(at_floor(unfloored, floor), sections, everyone)
    pooled: list[list[tuple[int, float]]] = [[] for _ in rows]
    chosen_floors = []
    for fold in _folds([row["story"] for row in rows]):
        training = [p for p in everyone if p not in fold]
        chosen = choose_floor(vectors, stories, sections, training, FLOORS, generic=generic)
        chosen_floors.append(chosen)
        for position in fold:
            pooled[position] = at_floor([unfloored[position]], chosen)[0]
    cv_precision, cv_coverage = section_scores(pooled, sections, everyone)
    return {
        "dev": {"floor": floor, "precision": round(precision, 3), "coverage": round(coverage, 3)},
        "cross_validated": {
            "floors": chosen_floors,
            "precision": round(cv_precision, 3),
            "coverage": round(cv_coverage, 3),
        },
    }


def _folds(stories: list[str]) -> list[set[int]]:
    """``FOLDS`` sets of positions, each of whole stories, dealt at random (seed 7)."""
    names = sorted(set(stories))
    random.Random(7).shuffle(names)
    fold_of = {name: index % FOLDS for index, name in enumerate(names)}
    folds: list[set[int]] = [set() for _ in range(FOLDS)]
    for position, story in enumerate(stories):
        folds[fold_of[story]].add(position)
    return folds
