"""The plain data the tagger's modules pass between them: a document in, candidates with
their evidence, corpus counts for rarity, and tags out."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.enrich import aliases


@dataclass(frozen=True)
class Document:
    title: str
    text: str


@dataclass(frozen=True)
class Tag:
    label: str  # the plain phrase: "Volodymyr Zelenskyy"
    kind: str  # person, organisation, place, event or topic
    score: float  # in [0, 1]; higher is more about the article

    @property
    def tag(self) -> str:
        return aliases.display_tag(self.label)

    def as_json(self) -> dict[str, Any]:
        return {"tag": self.tag, "label": self.label, "kind": self.kind, "score": self.score}


@dataclass
class Candidate:
    """One thing the article may be about, with the evidence for it."""

    label: str
    kind: str
    is_name: bool  # a name ("Hop", "US") rather than a phrase ("prisoner swap", "hop")
    # Token sequences that mention it (case-folded for names, stemmed for phrases) and
    # how much one mention counts.
    surfaces: dict[tuple[str, ...], float] = field(default_factory=dict)
    kind_votes: Counter[str] = field(default_factory=Counter)
    model_votes: float = 0.0  # how much of kind_votes came from spaCy, not from guessing
    title_hits: float = 0.0
    body_hits: float = 0.0
    first_position: float = 1.0  # where the body first mentions it, 0 = first word

    @property
    def key(self) -> str:
        return aliases.slug_for(self.label)


@dataclass(frozen=True)
class CorpusCounts:
    """In how many documents of a corpus each candidate (by ``Candidate.key``) occurs."""

    documents: int = 0
    frequency: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, candidate_lists: Iterable[Sequence[Candidate]]) -> CorpusCounts:
        frequency: Counter[str] = Counter()
        documents = 0
        for candidates in candidate_lists:
            documents += 1
            frequency.update({candidate.key for candidate in candidates})
        return cls(documents, frequency)

    def plus(self, other: CorpusCounts) -> CorpusCounts:
        frequency = Counter(self.frequency)
        frequency.update(other.frequency)
        return CorpusCounts(self.documents + other.documents, frequency)

    def rarity(self, key: str) -> float:
        """1 for a candidate no other document has, towards 0 for one every document has."""
        if self.documents < 2:
            return 1.0
        frequency = max(1, self.frequency.get(key, 0))
        return math.log((self.documents + 1) / frequency) / math.log(self.documents + 1)


@dataclass(frozen=True)
class Tagged:
    backend: str
    tags: list[list[Tag]]
