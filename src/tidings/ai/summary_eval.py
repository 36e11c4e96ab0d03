"""How well the story summary does on Multi-News clusters as LongBench samples them.

Each cluster's articles (plain texts, no titles) go in as one story; its summary is
scored against the newser.com editors' reference with ROUGE-1/2/L (``rouge-score`` with
stemming) and ROUGE-L as LongBench computes it, beside the first three sentences of each
article cut to 220 words, in the same run. ROUGE does not tell a faithful summary from one
that repeats itself, so also counted: the share of our sentences with a citation, the
share passing the citation check against their citations, and pairs of sentences in one
summary that repeat each other (most of their word pairs shared). The three settings that
matter are chosen by 5-fold cross-validation over clusters; the folds' held-out scores are
reported beside the development scores of the shipped defaults.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tidings.ai.citations import passes
from tidings.ai.rouge import longbench_rouge_l, rouge_score
from tidings.ai.story_summary import Document, KnownVectors, Settings, summarize_story
from tidings.enrich.embeddings import resolve_backend
from tidings.enrich.sentences import split_sentences

DATA_FILE = "clusters.dev.jsonl"
BASELINE_WORDS = 220
FOLDS = 5
GRID = [
    Settings(word_budget=budget, support_weight=weight, length_weight=length)
    for budget, weight, length in itertools.product(
        (110, 160, 220), (0.3, 0.5, 0.7), (0.0, 0.4, 0.8)
    )
]
REPEAT_BIGRAMS = 0.5  # two sentences repeat each other if they share this share of bigrams
PUBLISHED_ROUGE_L = {"llms_min": 22.8, "llms_max": 27.9, "gpt-3.5-turbo-16k": 26.7}


def read_clusters(data_dir: Path) -> list[dict]:
    with open(Path(data_dir) / DATA_FILE, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def lead_baseline(texts: Sequence[str]) -> list[str]:
    """The first three sentences of each article in turn, cut to ``BASELINE_WORDS``."""
    sentences = [s.text for text in texts for s in split_sentences(text)[:3]]
    kept, words = [], 0
    for sentence in sentences:
        room = BASELINE_WORDS - words
        if room <= 0:
            break
        kept.append(" ".join(sentence.split()[:room]))
        words += len(sentence.split())
    return kept


def repeated_pairs(sentences: Sequence[str]) -> int:
    bigrams = [_bigrams(sentence) for sentence in sentences]
    return sum(
        1
        for a, b in itertools.combinations(bigrams, 2)
        if a and b and len(a & b) >= REPEAT_BIGRAMS * min(len(a), len(b))
    )


def _bigrams(sentence: str) -> set[tuple[str, str]]:
    words = re.findall(r"\w+", sentence.lower())
    return set(zip(words, words[1:], strict=False))


def scores(summaries: list[list[str]], references: list[str]) -> dict[str, float]:
    texts = [" ".join(summary) for summary in summaries]
    per_cluster = [rouge_score(text, ref) for text, ref in zip(texts, references, strict=True)]
    longbench = [longbench_rouge_l(t, [r]) for t, r in zip(texts, references, strict=True)]
    return {
        **{k: _percent(np.mean([s[k] for s in per_cluster])) for k in ("rouge1", "rouge2")},
        "rougeL": _percent(np.mean([s["rougeL"] for s in per_cluster])),
        "longbench_rougeL": _percent(np.mean(longbench)),
        "sentences": round(float(np.mean([len(s) for s in summaries])), 2),
        "words": round(float(np.mean([len(t.split()) for t in texts])), 1),
        "repeated_pairs": sum(repeated_pairs(summary) for summary in summaries),
    }


def _percent(value: float) -> float:
    return round(100 * float(value), 2)


def evaluate_summary(data_dir: Path) -> dict:
    clusters = read_clusters(data_dir)
    stories = [
        [Document(id=i, title="", text=text) for i, text in enumerate(cluster["documents"])]
        for cluster in clusters
    ]
    references = [cluster["summary"] for cluster in clusters]
    backend = resolve_backend("auto")
    vectors = KnownVectors(backend)

    started = time.perf_counter()
    shipped = [summarize_story(story, vectors) for story in stories]
    seconds = time.perf_counter() - started
    cited = [s for summary in shipped for s in summary]
    checked = sum(
        passes(s.text, [stories[n][c.document].text[c.start : c.end] for c in s.citations])
        for n, summary in enumerate(shipped)
        for s in summary
    )
    return {
        "clusters": len(clusters),
        "backend": backend,
        "ours": {
            **scores([[s.text for s in summary] for summary in shipped], references),
            "cited_percent": _percent(sum(bool(s.citations) for s in cited) / len(cited)),
            "citation_check_percent": _percent(checked / len(cited)),
            "mean_citations": round(float(np.mean([len(s.citations) for s in cited])), 2),
            "seconds_per_story": round(seconds / len(stories), 3),
        },
        "cross_validated": _cross_validated(stories, references, vectors),
        "lead3_220_words": scores(
            [lead_baseline(cluster["documents"]) for cluster in clusters], references
        ),
        "published_longbench_rougeL": PUBLISHED_ROUGE_L,
    }


def _cross_validated(stories, references, vectors) -> dict:
    """Settings picked on four folds by LongBench ROUGE-L, scored on the fifth."""
    outputs = {
        settings: [[s.text for s in summarize_story(story, vectors, settings)] for story in stories]
        for settings in GRID
    }
    order = list(range(len(stories)))
    random.Random(7).shuffle(order)
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    held_out: dict[int, list[str]] = {}
    picked = []
    for fold in folds:
        train = [i for i in order if i not in fold]
        best = max(
            GRID,
            key=lambda s: np.mean(
                [longbench_rouge_l(" ".join(outputs[s][i]), [references[i]]) for i in train]
            ),
        )
        picked.append(
            {
                "word_budget": best.word_budget,
                "support_weight": best.support_weight,
                "length_weight": best.length_weight,
            }
        )
        held_out.update({i: outputs[best][i] for i in fold})
    return {
        **scores([held_out[i] for i in order], [references[i] for i in order]),
        "picked": picked,
    }
