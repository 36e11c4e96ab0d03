"""Precision and recall of copy detection on the labelled set, per threshold, and of the
whole index run over the originals and all their copies."""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from datasketch import MinHashLSH

from tidings.dedupe.copy_index import LSH_THRESHOLD, THRESHOLD, CopyIndex, CopyRecord
from tidings.dedupe.evaluation.edits import STRESS_EDITS
from tidings.dedupe.evaluation.labelled_set import SEED, LabelledSet, Pair, build_labelled_set
from tidings.dedupe.evaluation.real_texts import REAL_COPY_GROUPS
from tidings.dedupe.signatures import NUM_PERM, minhash_of, overlap, shingles

SWEEP = [round(0.3 + 0.05 * step, 2) for step in range(14)]


def _scores(found: int, expected: int, false_positives: int) -> dict[str, float]:
    precision = found / (found + false_positives) if found + false_positives else 1.0
    recall = found / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_dedupe(data_dir: Path) -> dict:
    """Precision and recall of copy detection on the labelled set, per threshold.

    ``data_dir`` is the shared data folder that holds ``clustering-news/``,
    ``demo-corpus/`` and ``keyphrases/`` (one of those folders is accepted too)."""
    started = time.perf_counter()
    if (
        not (data_dir / "clustering-news").is_dir()
        and (data_dir.parent / "clustering-news").is_dir()
    ):
        data_dir = data_dir.parent  # given one of the three folders rather than their parent
    labelled = build_labelled_set(data_dir)
    shingle_sets = {key: shingles(text) for key, text in labelled.texts.items()}
    minhashes = {key: minhash_of(s) for key, s in shingle_sets.items() if s}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for key, minhash in minhashes.items():
        lsh.insert(key, minhash)

    neighbours = {key: set(lsh.query(minhash)) for key, minhash in minhashes.items()}

    def proposed(a: str, b: str) -> bool:
        return b in neighbours.get(a, ())

    scored = [
        (
            pair,
            overlap(shingle_sets[pair.a], shingle_sets[pair.b])
            if proposed(pair.a, pair.b)
            else 0.0,
        )
        for pair in labelled.pairs
    ]
    positives = sum(pair.copy for pair in labelled.pairs)

    def at(threshold: float) -> dict:
        found = sum(pair.copy and score >= threshold for pair, score in scored)
        false = sum(not pair.copy and score >= threshold for pair, score in scored)
        return {
            "threshold": threshold,
            **_scores(found, positives, false),
            "false_positives": false,
        }

    by_edit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_by_kind: Counter[str] = Counter()
    negatives_by_kind: Counter[str] = Counter()
    for pair, score in scored:
        if pair.copy:
            by_edit[pair.kind][0] += score >= THRESHOLD
            by_edit[pair.kind][1] += 1
        else:
            negatives_by_kind[pair.kind] += 1
            false_by_kind[pair.kind] += score >= THRESHOLD
    missed_by_lsh = sum(
        pair.copy
        and not proposed(pair.a, pair.b)
        and overlap(shingle_sets[pair.a], shingle_sets[pair.b]) >= THRESHOLD
        for pair in labelled.pairs
    )
    chosen = at(THRESHOLD)
    realistic = [(hit, total) for kind, (hit, total) in by_edit.items() if kind not in STRESS_EDITS]
    return {
        "pairs": len(labelled.pairs),
        "copies": positives,
        "not_copies": dict(negatives_by_kind),
        "threshold": THRESHOLD,
        "precision": chosen["precision"],
        "recall": chosen["recall"],
        "f1": chosen["f1"],
        "recall_realistic_edits": round(
            sum(hit for hit, _ in realistic) / sum(total for _, total in realistic), 4
        ),
        "by_edit": {kind: round(hit / total, 4) for kind, (hit, total) in sorted(by_edit.items())},
        "false_positives_same_event": false_by_kind["same_event"]
        + false_by_kind["same_event_edited"],
        "false_positives_by_kind": dict(false_by_kind),
        "copies_missed_by_lsh_only": missed_by_lsh,
        "highest_not_copy": _highest_negatives(labelled.pairs, shingle_sets),
        "sweep": [at(threshold) for threshold in SWEEP],
        "end_to_end": _end_to_end(labelled),
        "texts_too_short_to_compare": labelled.too_short,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _highest_negatives(
    pairs: list[Pair], shingle_sets: dict[str, frozenset[str]], count: int = 5
) -> list[dict]:
    """The not-copies most like copies, by exact similarity whether or not LSH proposed
    them: how close the threshold is to a false positive."""
    scored = [(pair, overlap(shingle_sets[pair.a], shingle_sets[pair.b])) for pair in pairs]
    negatives = sorted((item for item in scored if not item[0].copy), key=lambda item: -item[1])
    return [
        {"a": pair.a, "b": pair.b, "kind": pair.kind, "similarity": round(score, 3)}
        for pair, score in negatives[:count]
    ]


def _end_to_end(labelled: LabelledSet, seed: int = SEED) -> dict:
    """The whole index over every original and its copies, published around the same time
    in random order (so a copy is sometimes earlier than its original) and arriving in time
    order except for one in ten, which arrives late. Each copy should end in the same group
    as its original, and no group should mix two stories."""
    rng = random.Random(seed)
    family_of_original = {}
    for group in REAL_COPY_GROUPS:
        for key in group:
            family_of_original[key] = group[0]
    family = {}
    for key in labelled.texts:
        original = key.split("~")[0]
        family[key] = family_of_original.get(original, original)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    keys = sorted(labelled.texts)
    numbers = {key: number for number, key in enumerate(keys)}
    published = {
        key: start + timedelta(days=3 * numbers[family[key]] % 900, hours=rng.uniform(0, 48))
        for key in keys
    }
    arrival = sorted(keys, key=lambda key: published[key])
    late = {key for key in arrival if rng.random() < 0.1}
    arrival = [key for key in arrival if key not in late] + [key for key in arrival if key in late]

    index = CopyIndex()
    for key in arrival:
        index.add(CopyRecord(numbers[key], published[key], labelled.texts[key]))
    links = {key: index.link(numbers[key]).copy_of for key in keys}

    def root(key: str) -> str:
        seen = set()
        while links[key] is not None and key not in seen:
            seen.add(key)
            key = keys[links[key]]
        return key

    copies = [key for key in keys if "~" in key]
    joined = sum(root(key) == root(key.split("~")[0]) for key in copies)

    def borrowed(key: str) -> set[str]:
        return {family[donor] for donor in labelled.borrowed_from.get(key, ())}

    across = [
        (key, keys[target])
        for key, target in links.items()
        if target is not None and family[keys[target]] != family[key]
    ]
    # An added_paragraph copy really holds a paragraph of another story, so a short copy of
    # that story can be contained in it; those links are right, and counted apart.
    via_borrowed = [
        (a, b) for a, b in across if family[b] in borrowed(a) or family[a] in borrowed(b)
    ]
    later = sum(
        links[key] is not None and published[keys[links[key]]] > published[key] for key in keys
    )
    return {
        "articles": len(keys),
        "copies_in_their_original_group": round(joined / len(copies), 4),
        "links_to_another_story": len(across) - len(via_borrowed),
        "links_through_a_borrowed_paragraph": len(via_borrowed),
        "links_to_a_later_article": later,
    }
