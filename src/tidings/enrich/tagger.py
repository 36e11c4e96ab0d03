"""Hashtags from an article's text: who and what it is about, best first.

``tag_documents`` tells the whole story, in plain data without a database:

0. ``headline_case`` writes headlines In Title Case in sentence case, so that their
   capitals mark names again.
1. ``tagging_candidates`` finds each document's candidates, named entities from spaCy's
   small English model (or capitalised phrases without it) and keyphrases from YAKE,
   merges the mentions of one thing and counts them over the whole text; their kinds
   come from ``tagging_kinds``.
2. Rarity is counted over the documents tagged together, plus counts from elsewhere.
3. ``tagging_ranking`` scores each candidate by its salience in the article and its
   rarity in the corpus, and keeps the best; common things ("Monday", "officials") never
   get this far (``tagging_words``).
4. ``tagging_story.agree`` makes the documents agree: one label, case and kind for each
   concept, whatever the variant each document wrote.

``tagging`` is the stage that runs this over stored articles and stores the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from tidings.enrich.headline_case import sentence_cased_titles
from tidings.enrich.tagging_candidates import find_candidates
from tidings.enrich.tagging_data import Candidate, CorpusCounts, Document, Tagged
from tidings.enrich.tagging_models import Backend, available_backend
from tidings.enrich.tagging_ranking import Mode, rank
from tidings.enrich.tagging_story import agree

DEFAULT_TOP = 8
BATCH = 64  # documents per call of the models


def tag_documents(
    documents: Sequence[Document],
    *,
    top: int = DEFAULT_TOP,
    mode: Mode = "hashtags",
    backend: Backend | None = None,
    corpus: CorpusCounts | None = None,
    progress: Callable[[list[Sequence[Document]]], Iterable[Sequence[Document]]] | None = None,
) -> Tagged:
    """Tags for each document, best first. Rarity is counted over these documents plus
    ``corpus`` (counts from elsewhere, such as articles tagged before). ``progress`` may
    wrap the batches to show how far the models got."""
    chosen_backend = backend or available_backend()
    titles = sentence_cased_titles(
        [doc.title for doc in documents], [doc.text for doc in documents]
    )
    documents = [Document(title, doc.text) for title, doc in zip(titles, documents, strict=True)]
    batches = [documents[start : start + BATCH] for start in range(0, len(documents), BATCH)]
    candidate_lists: list[list[Candidate]] = []
    for batch in progress(batches) if progress else batches:
        candidate_lists += find_candidates(batch, chosen_backend)
    counts = CorpusCounts.of(candidate_lists)
    if corpus is not None:
        counts = counts.plus(corpus)
    ranked = [rank(candidates, counts, top, mode) for candidates in candidate_lists]
    return Tagged(chosen_backend, agree(ranked))
