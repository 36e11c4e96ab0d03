"""The enrichment stages in the order they run, and running them over stored articles.

Each stage module has a ``VERSION`` and ``process(articles)``, which computes and stores
its results for a batch and may be run again on the same articles without harm.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Iterable, Iterator
from types import ModuleType

from django.db.models import F

from tidings import freshness
from tidings.articles.models import Article
from tidings.enrich.leases import lease
from tidings.enrich.models import ArticleAnalysis

log = logging.getLogger(__name__)

# Language first: the English-only stages read it. Copies before tags, so that a wire
# copy can be recognised as such by the stages after it.
STAGE_MODULES = {
    "language": "tidings.enrich.language",
    "dedupe": "tidings.dedupe.linking",
    "tag": "tidings.enrich.tagging",
    "summarize": "tidings.enrich.summary",
    "facts": "tidings.enrich.facts",
    "embed": "tidings.enrich.stored_embeddings",
}
STAGES = list(STAGE_MODULES)
# `tidings reprocess` can also extract the kept pages again, before everything else.
REPROCESSABLE = {"extract": "tidings.articles.reextract", **STAGE_MODULES}
BATCH = 64
# Runs that may take an article without finishing it before it is left for `reprocess`.
MAX_ATTEMPTS = 3
ENRICH_LEASE = "enrich"


def stage_module(name: str) -> ModuleType:
    return importlib.import_module(REPROCESSABLE[name])


def pending_article_ids(limit: int | None = None) -> list[int]:
    """Articles some stage has not finished, oldest first: those no stage has seen since
    they were stored or last changed, and those a run left half done (killed between two
    stages, or a stage failed), unless they have had MAX_ATTEMPTS runs already."""
    unseen = Article.objects.filter(analysis__isnull=True).order_by("pk")
    unfinished = ArticleAnalysis.objects.filter(complete=False, attempts__lt=MAX_ATTEMPTS).order_by(
        "article_id"
    )
    ids = sorted(
        {
            *unseen.values_list("pk", flat=True)[:limit],
            *unfinished.values_list("article_id", flat=True)[:limit],
        }
    )
    return ids[:limit]


def forget_analysis(article_ids: Iterable[int]) -> None:
    """The publisher changed these articles: what was computed from the old text goes."""
    ArticleAnalysis.objects.filter(article_id__in=list(article_ids)).delete()


def enrich_pending(limit: int | None = None) -> Iterator[int]:
    """Enrich the pending articles a batch at a time (many articles per model call is what
    makes this fast), yielding how many each batch held.

    1. Take the enrichment lease, so that one process at a time enriches: two would do
       the same articles twice. Yield nothing when another process holds it.
    2. Count an attempt on each article of a batch before running its stages, so that an
       article that kills or fails every run is given up after MAX_ATTEMPTS.
    3. Run, in order, only the stages some article of the batch lacks: a run killed
       between two stages resumes where it stopped.
    4. Renew the lease after each batch; stop if it was lost (this process stalled for
       longer than the lease and another took over).
    """
    with lease(ENRICH_LEASE) as held:
        if held is None:
            log.info("another process is enriching; leaving the pending articles to it")
            return
        ids = pending_article_ids(limit)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            ArticleAnalysis.objects.bulk_create(
                [ArticleAnalysis(article_id=pk) for pk in batch], ignore_conflicts=True
            )
            ArticleAnalysis.objects.filter(article_id__in=batch).update(attempts=F("attempts") + 1)
            done = stages_done(batch)
            for name in STAGES:
                lacking = [pk for pk in batch if name not in done.get(pk, {})]
                if lacking:
                    run_stage(name, lacking)
            yield len(batch)
            if not held.renew():
                log.warning("the enrichment lease ran out and another process took it")
                return


def stages_done(article_ids: list[int]) -> dict[int, dict]:
    return dict(
        ArticleAnalysis.objects.filter(article_id__in=article_ids).values_list(
            "article_id", "stages"
        )
    )


def enrich_articles(article_ids: Iterable[int], stages: Iterable[str] = STAGES) -> None:
    """Run the stages, in order, over these articles, a batch at a time."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for name in stages:
            run_stage(name, batch)
        freshness.changed_on_commit()  # their pages now show hashtags, summaries, facts


def run_stage(name: str, article_ids: list[int]) -> bool:
    """One stage over one batch; a failure is logged and costs only this stage's results."""
    rows = Article.objects.filter(pk__in=article_ids).select_related("source")
    if name != "extract":
        # Only re-extraction reads the kept page and the body's HTML; the other stages
        # read the text, and a batch of kept pages would be megabytes read for nothing.
        rows = rows.defer("page_html", "content_html")
    articles = list(rows)
    if not articles:
        return True
    ArticleAnalysis.objects.bulk_create(
        [ArticleAnalysis(article=article) for article in articles], ignore_conflicts=True
    )
    try:
        module = stage_module(name)
        module.process(articles)
    except Exception:
        log.exception("stage %s failed on articles %s..%s", name, article_ids[0], article_ids[-1])
        return False
    # Most of a batch has seen the same stages: one UPDATE for each distinct record of
    # them, instead of a bulk_update whose CASE per row costs more than the stage itself.
    same_stages: dict[str, tuple[dict, list[int]]] = {}
    for pk, stages in ArticleAnalysis.objects.filter(article_id__in=article_ids).values_list(
        "pk", "stages"
    ):
        seen = {**stages, name: module.VERSION}
        same_stages.setdefault(json.dumps(seen, sort_keys=True), (seen, []))[1].append(pk)
    for seen, pks in same_stages.values():
        ArticleAnalysis.objects.filter(pk__in=pks).update(
            stages=seen, complete=all(stage in seen for stage in STAGES)
        )
    return True
