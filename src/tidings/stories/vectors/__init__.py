"""Vector indexes of the articles' embeddings, for related articles and stories.

Two backends behind one interface (``base.VectorIndex``), chosen by ``TIDINGS_VECTOR_INDEX``:

- ``embedded``: in each process, persisted under ``TIDINGS_HOME/vectors`` (``embedded.py``);
  faiss's IVF when the ``ml`` extra is installed and the collection is large, exact numpy
  search otherwise. Every process of one machine sees the others' writes.
- ``pgvector``: a table with an HNSW index in PostgreSQL (``pgvector_index.py``), for many
  machines.

``ArticleAnalysis.embedding`` is the source of truth: the embed stage writes the database,
then announces the vectors (``enrich.stored_embeddings.embeddings_stored``) and
``index_stored_embeddings`` copies them into the index; ``tidings reindex`` rebuilds the
index from the database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import numpy as np

from tidings.stories.vectors.base import Hit, VectorIndex, VectorIndexError

__all__ = [
    "Hit",
    "VectorIndex",
    "VectorIndexError",
    "index_stored_embeddings",
    "index_vectors",
    "vector_index",
]

log = logging.getLogger(__name__)

EMBEDDED, PGVECTOR = "embedded", "pgvector"
# A stored vector shorter than this is the hashed backend's zero vector of a text with no
# words: it is near nothing, so it stays out of the index.
SHORTEST = 0.5

_indexes: dict[tuple[str, str, str], VectorIndex] = {}
_indexes_guard = threading.Lock()


def vector_index(backend: str | None = None) -> VectorIndex:
    """The index the settings choose, for the vectors of ``backend`` (by default the
    configured embeddings). One object per process and place, so that the embedded
    index's copy in memory lasts from one request to the next."""
    from django.conf import settings

    from tidings.enrich.embeddings import configured_backend

    backend = backend or configured_backend()
    kind = settings.TIDINGS["VECTOR_INDEX"]
    if kind == PGVECTOR:
        place = settings.TIDINGS["VECTOR_DATABASE_URL"]
    else:
        place = str(settings.TIDINGS["VECTOR_FOLDER"])
    key = (kind, place, backend)
    with _indexes_guard:
        if key not in _indexes:
            _indexes[key] = _open(kind, place, backend)
        return _indexes[key]


def _open(kind: str, place: str, backend: str) -> VectorIndex:
    if kind == PGVECTOR:
        from tidings.stories.vectors.pgvector_index import PgvectorIndex

        return PgvectorIndex(place, backend)
    from pathlib import Path

    from tidings.stories.vectors.embedded import EmbeddedIndex

    return EmbeddedIndex(Path(place), backend)


def index_vectors(ids: Sequence[int], vectors: np.ndarray, backend: str) -> bool:
    """Put freshly stored vectors in the index; whether that worked.

    A failure is logged, never raised: the vectors are safe in the database, and
    ``tidings reindex`` puts them in the index later. A zero vector (a text with no words)
    takes its article out of the index instead.
    """
    if not len(ids):
        return True
    ids = np.asarray(ids, dtype=np.int64)
    vectors = np.asarray(vectors, dtype=np.float32)
    usable = np.linalg.norm(vectors, axis=1) >= SHORTEST
    try:
        index = vector_index(backend)
        index.upsert(ids[usable].tolist(), vectors[usable], backend)
        if not usable.all():
            index.remove(ids[~usable].tolist())
    except Exception:
        # Whatever went wrong (a full disk, an unreachable database), the article and its
        # vector are stored; only related articles miss it until `tidings reindex`.
        log.exception("the vectors of %d articles could not be indexed", len(ids))
        return False
    return True


def index_stored_embeddings(
    sender: object, *, article_ids: Sequence[int], vectors: np.ndarray, backend: str, **signal
) -> None:
    """Receives ``embeddings_stored`` (connected in ``StoriesConfig.ready``): the embed stage
    stored these vectors, and the index takes them in."""
    index_vectors(article_ids, vectors, backend)
