"""How each outlet treats the story's central claim: confirms it, disputes it, or merely
reports it (``stance.stance``), each article cited at its sentence nearest the claim.

The central claim is the first statement of the story's summary: what most outlets
report. Articles about something else are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from tidings.ai.cited import CitedArticle
from tidings.ai.stance import stance
from tidings.ai.story_summary import Vectorize

LABELS = {
    "agree": "Confirm it",
    "disagree": "Dispute it",
    "discuss": "Report it without confirming it",
}
_WORD = re.compile(r"\w{4,}")


def stances(
    claim: dict,
    articles: Sequence[CitedArticle],
    vectorize: Vectorize,
    openings: Mapping[int, np.ndarray] | None = None,
) -> dict:
    """``{"claim": statement, "groups": [{"stance", "label", "citations"}]}``, the groups
    in LABELS order, empty ones left out. ``openings``: the articles' stored vectors by
    id, where there are (the others' openings are embedded)."""
    cited: dict[str, list[dict]] = {label: [] for label in LABELS}
    words = set(_WORD.findall(claim["text"].lower()))
    for article in articles:
        opening = (openings or {}).get(article.id)
        found = stance(claim["text"], article.text, vectorize, opening=opening).stance
        if found in cited and article.sentences:
            cited[found].append(article.cite_sentence(_nearest(article, words)))
    groups = [
        {"stance": found, "label": LABELS[found], "citations": citations}
        for found, citations in cited.items()
        if citations
    ]
    return {"claim": claim, "groups": groups}


def _nearest(article: CitedArticle, words: set[str]) -> int:
    shared = [len(words & set(_WORD.findall(s.text.lower()))) for s in article.sentences]
    return max(range(len(shared)), key=shared.__getitem__)
