"""How well stances are told on the FNC-1 test pairs (headline, article body, label).

Scored as FNC-1 scores, as a percentage of the best possible: 0.25 for telling related
from unrelated, 0.75 more for the exact class among agree, disagree and discuss; with
each class's F1 and their macro mean (disagree is the rare, hard class). Beside it, in the
same run, every pair called "unrelated".

The three thresholds of ``stance.Settings`` are chosen by FNC score on a grid, by 5-fold
cross-validation over bodies (a body's pairs never straddle folds); the held-out scores
are reported beside the development scores of the shipped settings. The word lists are
not tuned at all.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import asdict
from pathlib import Path

import numpy as np

from tidings.ai.stance import STANCES, Settings, decide, evidence
from tidings.ai.story_summary import KnownVectors
from tidings.enrich.embeddings import resolve_backend
from tidings.progress import progress

PAIRS_FILE = "pairs.dev.jsonl"
BODIES_FILE = "bodies.dev.jsonl"
FOLDS = 5
GRID = [
    Settings(round(related, 2), refutations, hedges)
    for related, refutations, hedges in itertools.product(
        np.arange(0.3, 1.21, 0.05), (1, 2, 3, 1000), (-1, 0, 1, 2)
    )
]
RELATED = frozenset(("agree", "disagree", "discuss"))


def read_pairs(data_dir: Path) -> tuple[list[dict], dict[int, str]]:
    def lines(name):
        with open(Path(data_dir) / name, encoding="utf-8") as rows:
            return [json.loads(line) for line in rows if line.strip()]

    bodies = {row["body_id"]: row["body"] for row in lines(BODIES_FILE)}
    return lines(PAIRS_FILE), bodies


def pair_score(gold: str, predicted: str) -> float:
    """FNC-1's score of one pair."""
    score = 0.25 if (gold in RELATED) == (predicted in RELATED) else 0.0
    return score + (0.75 if gold == predicted and gold in RELATED else 0.0)


def scores(predicted: list[str], gold: list[str]) -> dict:
    best = sum(pair_score(g, g) for g in gold)
    fnc = sum(pair_score(g, p) for g, p in zip(gold, predicted, strict=True))
    f1 = {label: _f1(predicted, gold, label) for label in STANCES}
    return {
        "fnc_score": round(100 * fnc / best, 1),
        "macro_f1": round(100 * float(np.mean(list(f1.values()))), 1),
        "f1": {label: round(100 * value, 1) for label, value in f1.items()},
    }


def _f1(predicted: list[str], gold: list[str], label: str) -> float:
    hits = sum(p == g == label for p, g in zip(predicted, gold, strict=True))
    said, true = predicted.count(label), gold.count(label)
    return 2 * hits / (said + true) if said + true else 0.0


def evaluate_stance(data_dir: Path) -> dict:
    pairs, bodies = read_pairs(data_dir)
    backend = resolve_backend("auto")
    vectors = KnownVectors(backend)
    found = [
        evidence(pair["headline"], bodies[pair["body_id"]], vectors)
        for pair in progress(pairs, desc="stance", unit="pair")
    ]
    gold = [pair["stance"] for pair in pairs]
    shipped = [decide(f).stance for f in found]
    return {
        "pairs": len(pairs),
        "bodies": len({pair["body_id"] for pair in pairs}),
        "backend": backend,
        "ours": {**scores(shipped, gold), "settings": asdict(Settings())},
        "cross_validated": _cross_validated(pairs, found, gold),
        "all_unrelated": scores(["unrelated"] * len(gold), gold),
    }


def _cross_validated(pairs: list[dict], found, gold: list[str]) -> dict:
    """Settings picked by FNC score on four folds of bodies, scored on the fifth."""
    per_setting = {
        settings: np.array(
            [pair_score(g, decide(f, settings).stance) for f, g in zip(found, gold, strict=True)]
        )
        for settings in GRID
    }
    bodies = sorted({pair["body_id"] for pair in pairs})
    random.Random(7).shuffle(bodies)
    fold_of = {body: k % FOLDS for k, body in enumerate(bodies)}
    folds = np.array([fold_of[pair["body_id"]] for pair in pairs])
    held_out = [""] * len(pairs)
    picked = []
    for fold in range(FOLDS):
        best = max(GRID, key=lambda s: float(per_setting[s][folds != fold].sum()))
        picked.append(asdict(best))
        for i in np.flatnonzero(folds == fold):
            held_out[i] = decide(found[i], best).stance
    return {**scores(held_out, gold), "picked": picked}
