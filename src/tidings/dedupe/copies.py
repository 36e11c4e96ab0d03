"""Syndicated copies: the same wire story (AFP, Reuters, AP, Jiji...) at several outlets.

How a copy is found:

1. The text is normalised (Unicode NFKC, lower case, punctuation to spaces, whitespace
   collapsed) and cut into overlapping shingles of ``SHINGLE_WORDS`` words.
2. A MinHash signature of the shingles (``NUM_PERM`` permutations) goes into an LSH index,
   which proposes candidates whose shingle sets probably overlap (Jaccard above about
   ``LSH_THRESHOLD``). The signature is stored in ``Article.minhash``, so that the index of
   recent articles is rebuilt without reading their texts again.
3. Each candidate is checked exactly on the shingle sets: the similarity of two texts is
   the share of the shorter text's shingles that the longer one also has (containment).
   This is never less than the Jaccard similarity, and unlike Jaccard it stays high when an
   outlet trims the last paragraphs of a wire story or adds one of its own, which is what
   outlets do. A copy needs ``THRESHOLD`` (chosen on the labelled set in ``copies_eval``).
4. Each article points to the earliest article (by publication time, then id) that it is
   a copy of. An earlier copy that arrives late takes over: the later articles that match
   it are pointed to it instead.

Texts of fewer than ``MIN_WORDS`` words (headlines, teasers) are never copies by text: a
few shared words say nothing about who wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash, MinHashLSH

from tidings.dedupe.diff import Change, Segment, diff_line, diff_texts

if TYPE_CHECKING:
    from tidings.articles.models import Article

VERSION = 1
SHINGLE_WORDS = 5
NUM_PERM = 128
MIN_WORDS = 50
# Share of the shorter text's shingles found in the longer one; see copies_eval for why.
THRESHOLD = 0.7
# LSH proposes pairs from about this Jaccard up; set low so that a copy that kept only
# part of the story is still proposed. The exact check then decides.
LSH_THRESHOLD = 0.2
# Stored articles this far before and after a batch are searched for copies. Wire copies
# appear within hours, weekly titles re-run them within days; and the index of the window
# is rebuilt for every batch, at about 0.1 ms per stored article (1.4 s for a week of
# 2,000 articles a day), so a month would cost four times as much for little gain.
WINDOW = timedelta(days=7)
# datasketch 2 needs the scheme named to rebuild a stored signature; fixing it here also
# keeps stored signatures valid if the library's default changes.
SCHEME = "affine32"
SIGNATURE_BYTES = NUM_PERM * 4

_PUNCTUATION = re.compile(r"[^\w\s]+")


def words_of(text: str) -> list[str]:
    """The words of a text as compared: lower case, without punctuation."""
    return _PUNCTUATION.sub(" ", unicodedata.normalize("NFKC", text).lower()).split()


def shingles(text: str) -> frozenset[str]:
    """The text's overlapping runs of ``SHINGLE_WORDS`` words; empty for a short text."""
    words = words_of(text)
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(
        " ".join(words[start : start + SHINGLE_WORDS])
        for start in range(len(words) - SHINGLE_WORDS + 1)
    )


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Containment of the smaller shingle set in the larger one (0 when either is empty)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return len(a & b) / len(a)


def similarity(a_text: str, b_text: str) -> float:
    """How much of the shorter text the longer one repeats, from 0 to 1."""
    return overlap(shingles(a_text), shingles(b_text))


@cache
def _permutations():
    # Made once: drawing the permutations costs more than hashing a short article.
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def minhash_of(shingle_set: Iterable[str]) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([shingle.encode() for shingle in shingle_set])
    return minhash


def _minhash_from_signature(signature: bytes) -> MinHash:
    values = np.frombuffer(signature, dtype="<u4").astype(np.uint32)
    return MinHash(scheme=SCHEME, hashvalues=values, permutations=_permutations())


def _signature_of(shingle_set: frozenset[str]) -> bytes:
    if not shingle_set:
        return b""
    return minhash_of(shingle_set).hashvalues.astype("<u4").tobytes()


def signature(text: str) -> bytes:
    """The MinHash signature to store with an article; empty for a text too short to copy."""
    return _signature_of(shingles(text))


# The index.


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
            self._lsh.insert(key, _minhash_from_signature(stored_signature))

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


# The database edge.


def process(articles: list[Article]) -> None:
    """Store each article's signature and link it, and the stored articles around it, to
    the earliest copy.

    Articles that pointed to one of these are linked again too (its text may have
    changed), so running this twice gives the same links. The batch is split into runs of
    articles close in time, so that a reprocess over years loads one window at a time.
    """
    from tidings.articles.models import Article

    if not articles:
        return
    batch = {article.pk: article for article in articles}
    dependents = (
        Article.objects.filter(copy_of__in=list(batch))
        .exclude(pk__in=list(batch))
        .defer("page_html", "content_html")
    )
    for dependent in dependents:
        batch[dependent.pk] = dependent

    changed_signatures = []
    for article in batch.values():
        new_signature = signature(article.text)
        if bytes(article.minhash) != new_signature:
            article.minhash = new_signature
            changed_signatures.append(article)
    Article.objects.bulk_update(changed_signatures, ["minhash"])
    if not any(article.minhash or article.copy_of_id for article in batch.values()):
        return  # headlines and short texts are never copies: nothing to link

    for run in _time_runs(list(batch.values())):
        _link_run(run, exclude=set(batch))


def _time_runs(articles: list[Article]) -> list[list[Article]]:
    """Articles in time order, split where two neighbours are more than two windows apart."""
    ordered = sorted(articles, key=lambda article: (article.published_at, article.pk))
    runs: list[list[Article]] = []
    for article in ordered:
        if runs and article.published_at - runs[-1][-1].published_at <= 2 * WINDOW:
            runs[-1].append(article)
        else:
            runs.append([article])
    return runs


def _link_run(run: list[Article], exclude: set[int]) -> None:
    from tidings.articles.models import Article

    def load_texts(keys: list[int]) -> dict[int, str]:
        return dict(Article.objects.filter(pk__in=keys).values_list("pk", "text"))

    index = CopyIndex(load_texts=load_texts)
    stored = (
        Article.objects.filter(
            published_at__gte=run[0].published_at - WINDOW,
            published_at__lte=run[-1].published_at + WINDOW,
        )
        .exclude(pk__in=exclude)
        .exclude(minhash=b"")  # too short to be anyone's copy
        .values_list(
            "pk",
            "published_at",
            "minhash",
            "copy_of_id",
            "copy_of__published_at",
            "copy_similarity",
        )
    )
    before: dict[int, tuple[int | None, float | None]] = {}
    for pk, published, stored_signature, copy_of, copy_of_published, score in stored:
        index.remember(pk, published, bytes(stored_signature), copy_of, copy_of_published, score)
        before[pk] = (copy_of, score)
    for article in run:
        before[article.pk] = (article.copy_of_id, article.copy_similarity)

    final: dict[int, CopyLink] = {}
    for article in run:
        for link in index.add(CopyRecord(article.pk, article.published_at, article.text)):
            final[link.key] = link
    in_run = {article.pk: article for article in run}
    for key, link in final.items():
        if key in in_run:  # the caller's objects say what the rows say
            in_run[key].copy_of_id, in_run[key].copy_similarity = link.copy_of, link.similarity
        if before.get(key) != (link.copy_of, link.similarity):
            Article.objects.filter(pk=key).update(
                copy_of_id=link.copy_of, copy_similarity=link.similarity
            )


# The article page.


@dataclass(frozen=True)
class CopyOnPage:
    """Another outlet's copy of the article shown, and what that outlet changed."""

    article: Article
    similarity: float
    headline: tuple[Segment, ...] | None  # word changes of the headline; None when the same
    changes: list[Change]

    @property
    def same_text(self) -> bool:
        return all(change.kind == "same" for change in self.changes)

    @property
    def is_first(self) -> bool:
        """The earliest of the group: the one every other copy points to."""
        return self.article.copy_of_id is None


# A wire story can be at dozens of outlets; the page shows the earliest ones.
MAX_COPIES_SHOWN = 12
# Links are followed at most this far, so a damaged chain cannot loop.
MAX_HOPS = 20


def copy_group(article: Article) -> list[Article]:
    """The article's copies and the copies of those, earliest first, without the article."""
    from tidings.articles.models import Article

    root = article
    seen = {article.pk}
    for _ in range(MAX_HOPS):
        if root.copy_of_id is None or root.copy_of_id in seen:
            break
        parent = Article.objects.filter(pk=root.copy_of_id).first()
        if parent is None:
            break
        root = parent
        seen.add(root.pk)
    members = {root.pk}
    frontier = [root.pk]
    for _ in range(MAX_HOPS):
        if not frontier:
            break
        frontier = list(
            Article.objects.filter(copy_of__in=frontier)
            .exclude(pk__in=members)
            .values_list("pk", flat=True)
        )
        members.update(frontier)
    members.discard(article.pk)
    return list(
        Article.objects.filter(pk__in=members)
        .select_related("source")
        .order_by("published_at", "pk")[:MAX_COPIES_SHOWN]
    )


def copies_for_page(article: Article) -> list[CopyOnPage]:
    """For "Also published by": each other copy with what its outlet changed, compared with
    the article shown (added words are theirs, removed words are ours)."""
    if article.copy_of_id is None and not article.copies.exists():
        return []
    shown = []
    for other in copy_group(article):
        headline = None
        if other.title.strip() != article.title.strip():
            headline = tuple(diff_line(article.title, other.title))
        shown.append(
            CopyOnPage(
                article=other,
                similarity=similarity(article.text, other.text),
                headline=headline,
                changes=diff_texts(article.text, other.text),
            )
        )
    return shown
