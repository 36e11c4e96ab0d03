"""The enrichment stages in the order they run, and running them over stored articles.

Each stage module has a ``VERSION`` and ``process(articles)``, which computes and stores
its results for a batch and may be run again on the same articles without harm.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator
from types import ModuleType

from tidings.articles.models import Article
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
    "embed": "tidings.enrich.embeddings",
}
STAGES = list(STAGE_MODULES)
# `tidings reprocess` can also extract the kept pages again, before everything else.
REPROCESSABLE = {"extract": "tidings.articles.reextract", **STAGE_MODULES}
BATCH = 64


def stage_module(name: str) -> ModuleType:
    return importlib.import_module(REPROCESSABLE[name])


def pending_article_ids(limit: int | None = None) -> list[int]:
    """Articles no stage has seen since they were stored or last changed, oldest first."""
    pending = Article.objects.filter(analysis__isnull=True).order_by("pk")
    return list(pending.values_list("pk", flat=True)[:limit])


def forget_analysis(article_ids: Iterable[int]) -> None:
    """The publisher changed these articles: what was computed from the old text goes."""
    ArticleAnalysis.objects.filter(article_id__in=list(article_ids)).delete()


def enrich_pending(limit: int | None = None) -> Iterator[int]:
    """Enrich the pending articles a batch at a time (many articles per model call is what
    makes this fast), yielding how many each batch held."""
    ids = pending_article_ids(limit)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        enrich_articles(batch)
        yield len(batch)


def enrich_articles(article_ids: Iterable[int], stages: Iterable[str] = STAGES) -> None:
    """Run the stages, in order, over these articles, a batch at a time."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for name in stages:
            run_stage(name, batch)


def run_stage(name: str, article_ids: list[int]) -> bool:
    """One stage over one batch; a failure is logged and costs only this stage's results."""
    articles = list(Article.objects.filter(pk__in=article_ids).select_related("source"))
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
    analyses = list(ArticleAnalysis.objects.filter(article_id__in=article_ids))
    for analysis in analyses:
        analysis.stages = {**analysis.stages, name: module.VERSION}
    ArticleAnalysis.objects.bulk_update(analyses, ["stages"])
    return True
