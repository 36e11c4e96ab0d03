"""Measures of hashtags beyond keyphrase F1, for `tidings eval tagging`.

- **Kinds**: of the names the tagger shows that a hand-labelled list knows
  (``data/eval/name_kinds.dev.tsv``, sampled from the tagger's own proposals on the
  development texts, so it says how often a kind is right, not how often a name is
  found), the share whose kind is right.
- **Variant twins**: pairs of distinct hashtags that are one concept, over the distinct
  hashtags. Within an article: the same ``aliases.variant_key`` ("Pot Tax", "pot taxes")
  or a first name or surname beside the person's full name ("Lohan", "Lindsay Lohan").
  Across articles: distinct labels with one variant key.
- **Cross-validated F1@10**: the ranking weights chosen on four fifths of the stories
  from a small grid and scored on the fifth left out, beside the shipped weights scored
  on all stories, so that the gap shows how much the weights were fitted to this set.
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from tidings.enrich.aliases import PERSON, variant_key
from tidings.enrich.tagger import tag_documents
from tidings.enrich.tagging_candidates import find_candidates
from tidings.enrich.tagging_data import CorpusCounts, Document, Tag
from tidings.enrich.tagging_models import Backend, available_backend
from tidings.enrich.tagging_ranking import WEIGHTS, Weights, rank

NAME_KINDS = Path(__file__).parent / "data" / "eval" / "name_kinds.dev.tsv"
DEMO_ARTICLES = Path(__file__).parents[1] / "demo" / "data" / "articles.jsonl.gz"
FOLDS = 5
GRID = {"title": (1.0, 1.6, 2.2), "early": (0.5, 1.0, 1.5), "frequency": (0.4, 0.7, 1.0)}


def read_name_kinds(path: Path = NAME_KINDS) -> dict[str, str]:
    kinds = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, kind = line.split("\t")
            kinds[name.casefold()] = kind
    return kinds


def demo_documents() -> list[Document]:
    """The demo's bundled articles: where readers first meet the hashtags."""
    with gzip.open(DEMO_ARTICLES, "rt", encoding="utf-8") as lines:
        return [Document(r["title"], r["body"]) for r in map(json.loads, lines) if r]


def kinds_right(tag_lists: Sequence[Sequence[Tag]], gold: dict[str, str]) -> dict:
    checked = [
        (tag.kind, gold[tag.label.casefold()])
        for tags in tag_lists
        for tag in tags
        if tag.label.casefold() in gold
    ]
    right = sum(kind == truth for kind, truth in checked)
    return {"percent": round(100 * right / max(1, len(checked)), 1), "names_checked": len(checked)}


def _twins(a: Tag, b: Tag) -> bool:
    if variant_key(a.label) == variant_key(b.label):
        return True
    short, full = sorted((a, b), key=lambda tag: len(tag.label.split()))
    words = full.label.casefold().split()
    return (
        full.kind == PERSON
        and len(words) > 1
        and " " not in short.label
        and short.label.casefold() in (words[0], words[-1])
    )


def variant_twins(tag_lists: Sequence[Sequence[Tag]]) -> dict:
    """Twin rates in percent of distinct hashtags, within articles and across them."""
    distinct = {tag.label for tags in tag_lists for tag in tags}
    within = sum(_twins(a, b) for tags in tag_lists for a, b in combinations(tags, 2))
    keys: dict[str, set[str]] = {}
    for label in distinct:
        keys.setdefault(variant_key(label), set()).add(label)
    across = sum(len(labels) * (len(labels) - 1) // 2 for labels in keys.values())
    denominator = max(1, len(distinct))
    return {
        "distinct_hashtags": len(distinct),
        "within_articles_percent": round(100 * within / denominator, 2),
        "across_articles_percent": round(100 * across / denominator, 2),
    }


def hashtag_measures(documents: Sequence[Document], backend: Backend | None) -> dict:
    """Kinds and twins of the hashtags (as readers see them) of the stories and the demo."""
    tagged = tag_documents([*documents, *demo_documents()], backend=backend)
    return {
        "kinds_right": kinds_right(tagged.tags, read_name_kinds()),
        "variant_twins": variant_twins(tagged.tags),
    }


def cross_validated_f1(
    documents: Sequence[Document], references: Sequence[Sequence[str]], macro
) -> dict:
    """F1@10 with the shipped weights on every story, and with weights chosen by
    ``FOLDS``-fold cross-validation (each fold scored with the weights best on the rest)."""
    candidate_lists = find_candidates(documents, available_backend())
    counts = CorpusCounts.of(candidate_lists)

    def f1(indices: Sequence[int], weights: Weights) -> float:
        predicted = [
            [tag.label for tag in rank(candidate_lists[i], counts, 10, "keyphrases", weights)]
            for i in indices
        ]
        return macro(predicted, [references[i] for i in indices])["f1@10"]

    grid = [
        Weights(title, early, frequency, WEIGHTS.rarity)
        for title, early, frequency in itertools.product(*GRID.values())
    ]
    order = list(range(len(documents)))
    random.Random(7).shuffle(order)
    folds = [order[start::FOLDS] for start in range(FOLDS)]
    held_out = []
    for fold in folds:
        rest = [i for i in order if i not in fold]
        best = max(grid, key=lambda weights: f1(rest, weights))
        held_out.append(f1(fold, best) * len(fold))
    return {
        "shipped_weights_all_stories": f1(order, WEIGHTS),
        "cross_validated": round(sum(held_out) / len(order), 1),
        "folds": FOLDS,
    }
