"""Related articles among the articles of one batch (a file): the pure core of
``tidings related`` and of its evaluation.

An article's related articles are the others nearest in meaning (cosine of their
embeddings), at most ``top`` of them, none of its own story, and none below the floor of
the embeddings backend. The floors are measured, not guessed: on the UCI headlines of
``clustering-news`` (26 stories in four sections), the strictest cosine that still leaves
most articles some related item, provided most of those share the article's section
(``choose_floor``; see ``related_eval.py`` and docs/quality.md). Below it a neighbour
shares the day's news, not the subject, and showing nothing is better than showing noise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tidings.enrich.embeddings import HASHED, MODEL

# Least cosine for a related article, by embeddings backend (measured as said above: at
# 0.35 the model keeps 82 % same-section items with 61 % of the articles getting some;
# hashed vectors of headlines never leave most articles some at 75 %, and take the least
# floor that does reach it, 0.45, where fewer than a tenth of the articles get any).
SIMILARITY_FLOOR = {MODEL: 0.35, HASHED: 0.45}
# A floor should leave this share of articles some related article...
WANTED_COVERAGE = 0.6
# ... while this share of the related items come from the article's own section (the
# issue's target; 0.8 made the choice swing between folds from 0.325 to 0.6).
WANTED_PRECISION = 0.75
TOP = 3


def related_among(
    vectors: np.ndarray,
    stories: Sequence[int],
    floor: float,
    top: int = TOP,
    generic: Sequence[bool] | None = None,
) -> list[list[tuple[int, float]]]:
    """For each row of ``vectors`` (unit embeddings), the positions of at most ``top``
    other rows at or above ``floor`` and not of the same story, best first (ties to the
    lower position), each with its cosine rounded to four places. The rows marked
    ``generic`` (a column's name for a headline: ``headlines.is_generic_headline``) have
    no subject: they get none and are nobody's."""
    story = np.asarray(stories)
    no_subject = np.zeros(len(story), dtype=bool) if generic is None else np.asarray(generic)
    related: list[list[tuple[int, float]]] = []
    for position in range(len(story)):
        if no_subject[position]:
            related.append([])
            continue
        cosines = vectors @ vectors[position]
        cosines[story == story[position]] = -np.inf  # itself and its story
        cosines[no_subject] = -np.inf
        best = np.argsort(-cosines, kind="stable")[:top]
        kept = [other for other in best if cosines[other] >= floor]
        related.append([(int(other), round(float(cosines[other]), 4)) for other in kept])
    return related


def section_scores(
    related: Sequence[Sequence[tuple[int, float]]], sections: Sequence[str], chosen: Sequence[int]
) -> tuple[float, float]:
    """(precision, coverage) over the articles at the ``chosen`` positions: the share of
    their related items from their own section, and the share of them that get any."""
    same = shown = covered = 0
    for position in chosen:
        items = related[position]
        covered += bool(items)
        shown += len(items)
        same += sum(sections[other] == sections[position] for other, _ in items)
    return same / shown if shown else 0.0, covered / len(chosen) if chosen else 0.0


def choose_floor(
    vectors: np.ndarray,
    stories: Sequence[int],
    sections: Sequence[str],
    chosen: Sequence[int],
    floors: Sequence[float],
    top: int = TOP,
    generic: Sequence[bool] | None = None,
) -> float:
    """The floor for the articles at ``chosen``: the strictest of ``floors`` that still
    gives ``WANTED_COVERAGE`` of them some related article, as long as its related items
    reach ``WANTED_PRECISION`` from their own section; when they do not (weak embeddings),
    the lowest floor that reaches it (the highest floor when none does)."""
    ordered = sorted(floors)
    unfloored = related_among(vectors, stories, -np.inf, top, generic)
    scores = [section_scores(at_floor(unfloored, floor), sections, chosen) for floor in ordered]
    covering = [i for i, (_, coverage) in enumerate(scores) if coverage >= WANTED_COVERAGE]
    if covering and scores[covering[-1]][0] >= WANTED_PRECISION:
        return ordered[covering[-1]]
    precise = [i for i, (precision, _) in enumerate(scores) if precision >= WANTED_PRECISION]
    return ordered[precise[0]] if precise else ordered[-1]


def at_floor(
    related: Sequence[Sequence[tuple[int, float]]], floor: float
) -> list[list[tuple[int, float]]]:
    """``related`` without the items below ``floor``."""
    return [[(other, score) for other, score in items if score >= floor] for items in related]
