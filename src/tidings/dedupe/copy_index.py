"""The copy index: which earlier article each article copies.

1. The MinHash signature of each article (``dedupe.signatures``) goes into an LSH index,
   which proposes candidates whose shingle sets probably overlap (Jaccard above about
   ``LSH_THRESHOLD``).
2. Each candidate is checked exactly on the shingle sets (``signatures.overlap``, the
   share of the shorter text repeated by the longer). A copy needs ``THRESHOLD`` (chosen
   on the labelled set in ``dedupe.evaluation``).
3. Each article points to the earliest article (by publication time, then id) that it is
   a copy of. An earlier copy that arrives late takes over: the later articles that match
   it are pointed to it instead.

Everything here is pure: the database edge is ``dedupe.linking``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from datasketch import MinHashLSH

from tidings.dedupe.signatures import (
    NUM_PERM,
    SIGNATURE_BYTES,
    minhash_from_signature,
    minhash_of,
    overlap,
    shingles,
)

# Share of the shorter text's shingles found in the longer one; see dedupe.evaluation for why.
THRESHOLD = 0.7
# LSH proposes pairs from about this Jaccard up; set low so that a copy that kept only
# part of the story is still proposed. The exact check then decides.
LSH_THRESHOLD = 0.2


@dataclass(frozen=True)
class CopyRecord:
    """One article as the index sees it. ``key`` is unique in the index and breaks ties
    between articles published at the same moment (the database id, or the line number)."""

    key: int
    published: datetime
    text: str


@dataclass(frozen=True)
class CopyLink:
    """Where an article now points: ``copy_of`` is None for an original."""

    key: int
    copy_of: int | None
    similarity: float | None


@dataclass
class _Entry:
    order: tuple[datetime, int]
    copy_of: int | None = None
    similarity: float | None = None


TextLoader = Callable[[list[int]], dict[int, str]]


@dataclass
class CopyIndex:
    """Finds, for each article added in time order, the earliest earlier article it copies.

    Articles already linked (stored in the database) are ``remember``-ed by their stored
    signature and link; their texts are asked of ``load_texts`` only when one of them is a
    candidate. New articles are ``add``-ed in time order; an article that is earlier than
    some already in the index (it arrived late) re-points those that copy it.
    """

    threshold: float = THRESHOLD
    load_texts: TextLoader | None = None
    _lsh: MinHashLSH = field(init=False)
    _entries: dict[int, _Entry] = field(init=False, default_factory=dict)
    _shingles: dict[int, frozenset[str]] = field(init=False, default_factory=dict)
    # Publication order of articles linked to but not in the index (outside the window).
    _outside: dict[int, tuple[datetime, int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)

    def remember(
        self,
        key: int,
        published: datetime,
        stored_signature: bytes,
        copy_of: int | None = None,
        copy_of_published: datetime | None = None,
        similarity: float | None = None,
    ) -> None:
        """Put a stored, already linked article in the index without its text."""
        self._check_new(key)
        self._entries[key] = _Entry((published, key), copy_of, similarity)
        if copy_of is not None and copy_of_published is not None:
            self._outside.setdefault(copy_of, (copy_of_published, copy_of))
        if len(stored_signature) == SIGNATURE_BYTES:
            self._lsh.insert(key, minhash_from_signature(stored_signature))

    def add(self, record: CopyRecord) -> list[CopyLink]:
        """Index one article; return its own link first, then any article re-pointed to it.

        Steps: 1. candidates from LSH, plus the article each candidate points to (often the
        original, even when LSH missed it); 2. the exact similarity to each; 3. the article
        points to the earliest earlier match; 4. later matches whose current target is
        later than this article (or who have none) are re-pointed here.
        """
        self._check_new(record.key)
        order = (record.published, record.key)
        entry = self._entries[record.key] = _Entry(order)
        shingle_set = shingles(record.text)
        if not shingle_set:
            return [CopyLink(record.key, None, None)]
        self._shingles[record.key] = shingle_set
        minhash = minhash_of(shingle_set)

        candidates = set(self._lsh.query(minhash))
        candidates |= {
            target
            for key in candidates
            if (target := self._entries[key].copy_of) is not None and self._order(target)
        }
        self._load_shingles(candidates)
        matches = {}
        for key in candidates:
            score = overlap(shingle_set, self._shingles.get(key, frozenset()))
            if score >= self.threshold:
                matches[key] = score

        changed = []
        earlier = [key for key in matches if self._order(key) < order]
        if earlier:
            first = min(earlier, key=self._order)
            entry.copy_of, entry.similarity = first, matches[first]
        changed.append(CopyLink(record.key, entry.copy_of, entry.similarity))
        for key in sorted(matches, key=self._order):
            later = self._entries.get(key)
            if later is None or later.order < order:
                continue
            current = later.copy_of
            current_order = self._order(current) if current is not None else None
            if current is None or (current_order is not None and order < current_order):
                later.copy_of, later.similarity = record.key, matches[key]
                changed.append(CopyLink(key, record.key, matches[key]))

        self._lsh.insert(record.key, minhash)
        return changed

    def link(self, key: int) -> CopyLink:
        entry = self._entries[key]
        return CopyLink(key, entry.copy_of, entry.similarity)

    def _order(self, key: int) -> tuple[datetime, int] | None:
        entry = self._entries.get(key)
        return entry.order if entry is not None else self._outside.get(key)

    def _check_new(self, key: Hashable) -> None:
        if key in self._entries:
            raise ValueError(f"article {key} is already in the copy index")

    def _load_shingles(self, keys: Iterable[int]) -> None:
        missing = [key for key in keys if key not in self._shingles]
        if missing and self.load_texts is not None:
            for key, text in self.load_texts(missing).items():
                self._shingles[key] = shingles(text)


def find_copies(records: Iterable[CopyRecord], threshold: float = THRESHOLD) -> dict[int, CopyLink]:
    """Link every record to the earliest record it copies, whatever order they come in."""
    index = CopyIndex(threshold=threshold)
    ordered = sorted(records, key=lambda record: (record.published, record.key))
    for record in ordered:
        index.add(record)
    return {record.key: index.link(record.key) for record in ordered}
