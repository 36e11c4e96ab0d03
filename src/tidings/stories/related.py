"""Related articles: other stories from the same news context, not copies of this one.

The core, ``rank_related``, is pure: it takes plain documents and returns ids with scores.
It weighs words by TF-IDF (sublinear term frequency, inverse document frequency from the
candidate pool) over each article's title and lead, and compares by cosine. The edge,
``related_articles``, picks the candidate pool from the database: articles published
around the same time, newest first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from tidings.dedupe.models import Article

# The edge reads at most this many rows around the article's publication time; a busy
# site publishes a few thousand articles in a week, and more would slow the page.
WINDOW = timedelta(days=3)
MAX_CANDIDATES = 2000

# Below this cosine two articles share little more than a common word or two (measured
# on the seed page: its related cards score 0.04 to 0.06 against the main story, a
# football report 0.0).
MIN_SCORE = 0.03
# Above this cosine on the full text, a candidate is the same story retold (a wire copy,
# a lightly edited republication), which a reader does not want as "related".
COPY_SCORE = 0.8
# Sharing a single word (a name, a place) is chance more often than a common subject.
MIN_SHARED_TERMS = 2
# A candidate from the article's own outlet keeps this share of its score, so other
# outlets come first, yet a source with few neighbours still gets related articles.
SAME_SOURCE_WEIGHT = 0.75
LEAD_PARAGRAPHS = 2
# Some feeds put a whole article in one paragraph; the lead stops here.
LEAD_WORDS = 120

# Function words, and the weekdays and counting words that every news story uses: they carry
# no topic. Kept short on purpose, since idf already pushes down words the whole pool shares.
STOP_WORDS_TEXT = """
    a about after again against all also am an and any are as at be because been before
    being between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own said same say says she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself new one two year years monday tuesday wednesday thursday friday
    saturday sunday
"""
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())
WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class RelatedDoc:
    """What ranking needs of an article."""

    id: int
    source_id: int
    title: str
    lead: str  # the first paragraphs, or the summary when that is all we have
    full_text: str = ""
    canonical_url: str = ""


def rank_related(
    target: RelatedDoc, candidates: list[RelatedDoc], limit: int = 6
) -> list[tuple[int, float]]:
    """The ids of the candidates most related to ``target``, best first, with their scores.

    1. Build TF-IDF vectors of title + lead, idf taken from the pool (target included).
    2. Score each candidate by cosine to the target; scale down the target's own outlet.
       A candidate sharing fewer than ``MIN_SHARED_TERMS`` words with the target, or
       scoring below ``MIN_SCORE``, is not related.
    3. Walk the candidates best first, dropping copies of the target (same canonical URL,
       same title, or full texts nearly alike).
    """
    pool = [doc for doc in candidates if doc.id != target.id]
    if not pool or limit <= 0:
        return []
    lead_terms = [_terms(f"{doc.title} {doc.lead}") for doc in [target, *pool]]
    weights = Weights.from_pool(lead_terms)
    target_vector = weights.vector(lead_terms[0])

    scored = []
    for doc, terms in zip(pool, lead_terms[1:], strict=True):
        if len(terms.keys() & lead_terms[0].keys()) < MIN_SHARED_TERMS:
            continue
        score = _cosine(target_vector, weights.vector(terms))
        if doc.source_id == target.source_id:
            score *= SAME_SOURCE_WEIGHT
        if score >= MIN_SCORE:
            scored.append((score, doc))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))

    # Full-text vectors cost the most, so they are built only for the few that could show.
    target_full = weights.vector(_terms(target.full_text or f"{target.title} {target.lead}"))
    ranked: list[tuple[int, float]] = []
    for score, doc in scored:
        if _is_copy(target, doc, target_full, weights):
            continue
        ranked.append((doc.id, round(score, 4)))
        if len(ranked) == limit:
            break
    return ranked


def _is_copy(
    target: RelatedDoc, doc: RelatedDoc, target_full: dict[str, float], weights: Weights
) -> bool:
    if target.canonical_url and doc.canonical_url == target.canonical_url:
        return True
    if _normal_title(doc.title) == _normal_title(target.title):
        return True
    doc_full = weights.vector(_terms(doc.full_text or f"{doc.title} {doc.lead}"))
    return _cosine(target_full, doc_full) > COPY_SCORE


def _normal_title(title: str) -> str:
    return " ".join(WORD.findall(title.lower()))


def _terms(text: str) -> Counter[str]:
    """Topic words: no stop words, no bare numbers (an age or a count is not a subject)."""
    # Count first and fold each distinct word once: far fewer calls than word by word.
    terms: Counter[str] = Counter()
    for word, count in Counter(WORD.findall(text.lower())).items():
        if len(word) > 1 and not word.isdigit() and word not in STOP_WORDS:
            terms[_stem(word)] += count
    return terms


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """Fold plain English plurals, so "prisoners" meets "prisoner"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Weights:
    """Inverse document frequencies of one candidate pool."""

    idf: dict[str, float]
    # What a word the pool never used weighs (in a copy check's full text): as much as
    # the rarest word of the pool.
    unseen: float

    @classmethod
    def from_pool(cls, documents: list[Counter[str]]) -> Weights:
        counts: Counter[str] = Counter()
        for terms in documents:
            counts.update(terms.keys())
        total = len(documents)
        idf = {term: math.log((1 + total) / (1 + seen)) + 1 for term, seen in counts.items()}
        return cls(idf, unseen=math.log((1 + total) / 2) + 1)

    def vector(self, terms: Counter[str]) -> dict[str, float]:
        """Sublinear term frequency times idf."""
        idf, unseen = self.idf, self.unseen
        return {
            term: (1 + math.log(count)) * idf.get(term, unseen) for term, count in terms.items()
        }


def _cosine(first: dict[str, float], second: dict[str, float]) -> float:
    if len(second) < len(first):
        first, second = second, first
    dot = sum(weight * second.get(term, 0.0) for term, weight in first.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in first.values()) * sum(w * w for w in second.values()))
    return dot / norm


def related_articles(article: Article, limit: int = 6) -> list[Article]:
    """Up to ``limit`` articles related to ``article``, best first, with source loaded.

    Candidates are the newest ``MAX_CANDIDATES`` articles published within ``WINDOW`` of
    it, in any outlet; ranking prefers other outlets.
    """
    around = article.published_at
    rows = list(
        Article.objects.filter(published_at__range=(around - WINDOW, around + WINDOW))
        .exclude(pk=article.pk)
        .order_by("-published_at", "-id")
        .only("id", "source_id", "title", "text", "summary", "canonical_url")[:MAX_CANDIDATES]
    )
    ranked = rank_related(as_related_doc(article), [as_related_doc(row) for row in rows], limit)
    by_id = Article.objects.select_related("source").in_bulk([doc_id for doc_id, _ in ranked])
    return [by_id[doc_id] for doc_id, _ in ranked if doc_id in by_id]


def as_related_doc(article: Article) -> RelatedDoc:
    paragraphs = article.paragraphs
    lead = " ".join(paragraphs[:LEAD_PARAGRAPHS]) if paragraphs else article.summary
    lead = " ".join(lead.split()[:LEAD_WORDS])
    return RelatedDoc(
        id=article.pk,
        source_id=article.source_id,
        title=article.title,
        lead=lead,
        full_text=article.text or article.summary,
        canonical_url=article.canonical_url,
    )
