"""How the stream clusterer (``clustering.py``) decides: how alike an article and a story
must be, how time counts, when stories go quiet and how long the archive keeps them, and
the bounds on its memory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tidings.enrich.embeddings import MODEL


@dataclass(frozen=True)
class ClusteringSettings:
    """How alike an article and a story must be. The numbers were tuned together on the
    three labelled sets of ``clustering_eval`` and hold for all of them and for every
    embeddings backend (see docs/quality.md)."""

    # Least score to join a story, for an article with text and for a bare headline.
    threshold: float = 0.15
    headline_threshold: float = 0.12
    # An article with fewer words of text than this is judged as a headline.
    headline_words: int = 30
    # Least similarity of two stories' centroids for one article to merge them.
    merge_threshold: float = 0.20
    # The embedding cosine counts this much above ``embedding_floor``, the cosine that
    # unrelated articles reach (MiniLM: 90% of pairs of different events lie below 0.2).
    # Below the floor it counts against the story.
    embedding_weight: float = 0.3
    embedding_floor: float = 0.2
    # Below this embedding cosine an article cannot join the story, whatever words they
    # share: separate events of one conflict share every name ("Russia", "Ukraine",
    # "Kyiv"), and a stream that has seen few of them weighs those names high. Only
    # MiniLM's vectors are fine enough for it (see ``for_embeddings``).
    embedding_gate: float | None = None
    # Scores shrink with the time since the story's latest article: they keep
    # ``recency_floor`` of their value for ever, and the rest fades with this time constant.
    recency_scale: timedelta = timedelta(hours=24)
    recency_floor: float = 0.5
    # No new article for this long and the story goes quiet: it moves to the archive.
    quiet_after: timedelta = timedelta(days=3)
    # A quiet story can be reopened for this long after its latest article, by an article
    # that scores at least these: the same score as a join, recency included, which past
    # ``quiet_after`` is about ``recency_floor`` (0.525) times the similarity, so 0.18 asks
    # for a similarity of 0.34 where a join three days on asks for 0.29. On Giveme5W1H
    # the articles that came back to an event weeks later scored 0.13-0.46 against it, and
    # the best wrong quiet story 0.16; its titles alone put the headline one at 0.16.
    archive_for: timedelta = timedelta(days=90)
    reopen_threshold: float = 0.18
    headline_reopen_threshold: float = 0.16
    # A quiet story keeps this many of its heaviest terms, and is indexed under all of them.
    archive_terms: int = 20
    # Words of the text read after the title: the lead, where news says what happened.
    lead_words: int = 400
    title_weight: float = 2.0
    name_weight: float = 2.0
    # Each article is looked up under this many of its heaviest terms, each story indexed
    # under twice as many of its own, and at most ``candidates`` stories are scored.
    query_terms: int = 12
    candidates: int = 20
    # A story keeps its heaviest terms, at most this many, in its centroid.
    centroid_terms: int = 100
    # A term shared by more active stories than this finds no story by itself: it tells
    # none of them apart, and reading its long list would cost more than it gives.
    common_term_stories: int = 1000
    # Stories kept as candidates at most: the ones updated longest ago go quiet first.
    # This bounds memory when the articles carry no dates (nothing else makes stories
    # quiet then) or when a flood arrives within ``quiet_after``.
    max_active_stories: int = 100_000
    # Quiet stories kept at most: the ones that went quiet first are forgotten first.
    # A quiet story with 20 terms and a 384-dimension embedding holds about 1.4 KB, and
    # its entries in the archive's index about 2 KB more (measured by bench/clustering.py's
    # stream), so the archive stays under about 350 MB.
    max_archived_stories: int = 100_000

    @property
    def index_terms(self) -> int:
        return 2 * self.query_terms

    @classmethod
    def for_embeddings(cls, backend: str | None) -> ClusteringSettings:
        """The settings for articles that carry ``backend``'s vectors (None: no vectors).

        With MiniLM the gate at 0.3 and a join threshold of 0.20 cost nothing on the three
        labelled sets (News NMI rose from 0.948 to 0.955) and keep apart the seed page's
        prisoner exchange and the drone strikes, survey and summit around it. The hashed
        vectors are too coarse for a gate (it cost 2-4 points of B-cubed F1 on every set),
        and without the model the higher threshold cost g5w1h 1.6-2.5 points."""
        if backend == MODEL:
            return cls(threshold=0.20, embedding_gate=0.3)
        return cls()
