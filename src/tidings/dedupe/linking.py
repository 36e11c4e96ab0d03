"""The copies stage: stored articles linked to the earliest copy of their text.

``process(articles)`` is the enrichment stage (``enrich.stages``): it stores each article's
signature (``dedupe.signatures``) and runs the copy index (``dedupe.copy_index``) over the
stored articles published within ``WINDOW`` of them, writing the links that changed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from tidings.dedupe.copy_index import CopyIndex, CopyLink, CopyRecord
from tidings.dedupe.signatures import signature

if TYPE_CHECKING:
    from tidings.articles.models import Article

VERSION = 1
# Stored articles this far before and after a batch are searched for copies. Wire copies
# appear within hours, weekly titles re-run them within days; and the index of the window
# is rebuilt for every batch, at about 0.1 ms per stored article (1.4 s for a week of
# 2,000 articles a day), so a month would cost four times as much for little gain.
WINDOW = timedelta(days=7)


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
