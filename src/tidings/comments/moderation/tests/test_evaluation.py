"""The measuring tools: ROC AUC, thresholds and folds, against figures worked out by hand."""

import itertools
import random

import pytest

from tidings.comments.moderation.evaluation import at_threshold, roc_auc, stratified_folds


def pairs_won(labels, scores):
    """ROC AUC by its definition: every positive against every negative, ties half."""
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum(
        1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(positives, negatives)
    )
    return wins / (len(positives) * len(negatives))


def test_roc_auc_agrees_with_counting_pairs_including_ties():
    rng = random.Random(3)
    for _ in range(20):
        labels = [rng.random() < 0.3 for _ in range(60)] + [True, False]
        scores = [rng.choice([0.1, 0.2, 0.5, 0.9]) for _ in labels]  # many ties
        assert roc_auc(labels, scores) == pytest.approx(pairs_won(labels, scores))


def test_roc_auc_of_perfect_reversed_and_constant_scores():
    labels = [True, True, False, False]
    assert roc_auc(labels, [0.9, 0.8, 0.2, 0.1]) == 1.0
    assert roc_auc(labels, [0.1, 0.2, 0.8, 0.9]) == 0.0
    assert roc_auc(labels, [0.5] * 4) == 0.5


def test_precision_recall_and_f1_at_a_threshold():
    labels = [True, True, True, False, False]
    figures = at_threshold(labels, [0.9, 0.6, 0.2, 0.7, 0.1], 0.5)
    assert figures == {"threshold": 0.5, "precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    nothing_flagged = at_threshold(labels, [0.1] * 5, 0.5)
    assert (nothing_flagged["precision"], nothing_flagged["f1"]) == (0.0, 0.0)


def test_folds_keep_each_class_spread_evenly_and_depend_only_on_the_seed():
    labels = [True] * 23 + [False] * 77
    folds = stratified_folds(labels)
    assert (folds == stratified_folds(labels)).all()
    assert (folds != stratified_folds(labels, seed=8)).any()
    for fold in range(5):
        members = [y for y, f in zip(labels, folds, strict=True) if f == fold]
        assert sum(members) in (4, 5) and len(members) - sum(members) in (15, 16)
