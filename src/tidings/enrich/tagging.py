"""The tag stage: hashtags found in the text of stored articles, stored beside the feed's.

The finding is ``tagger.tag_documents`` (pure); this is the thin edge that reads the
articles, brings the rarity of tags in the stored corpus, and writes the hashtags through
``hashtags.store_text_hashtags``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from tidings.articles.models import Article
from tidings.enrich.hashtags import merge_variants, store_text_hashtags
from tidings.enrich.language import detect, is_english
from tidings.enrich.models import ArticleAnalysis, ArticleHashtag
from tidings.enrich.tagger import tag_documents
from tidings.enrich.tagging_data import CorpusCounts, Document, Tag

VERSION = 2
# Rarity in the stored corpus comes from the text hashtags of the articles of the last
# few weeks: one grouped query per batch, and what the tagger chose before is what it is
# about to choose again, so common tags ("Ukraine" in a war) weigh a little less.
CORPUS_WINDOW = timedelta(days=30)


def stored_corpus_counts(excluding: Sequence[Article] = ()) -> CorpusCounts:
    """Counts over recently tagged articles, leaving out ``excluding`` so that tagging the
    same articles again sees the same corpus and gives the same scores."""
    recent = ArticleHashtag.objects.filter(
        origin=ArticleHashtag.Origin.TEXT,
        article__published_at__gte=timezone.now() - CORPUS_WINDOW,
    ).exclude(article__in=[article.pk for article in excluding])
    documents = recent.values("article_id").distinct().count()
    frequency = dict(
        recent.values_list("hashtag__slug").annotate(count=Count("article_id", distinct=True))
    )
    return CorpusCounts(documents, frequency)


def process(articles: list[Article]) -> None:
    """Tag a batch of stored articles from their text, replacing earlier text hashtags and
    keeping the feed's. Articles not in English lose their text hashtags and are noted
    as skipped. The language stage runs first; its finding is used when there is one."""
    ArticleAnalysis.objects.bulk_create(
        [ArticleAnalysis(article=article) for article in articles], ignore_conflicts=True
    )
    analyses = {a.article_id: a for a in ArticleAnalysis.objects.filter(article__in=articles)}
    english: list[Article] = []
    for article in articles:
        analysis = analyses[article.pk]
        text = article.text or article.summary
        language = (
            analysis.language or detect(f"{article.title}\n\n{text}", article.language).language
        )
        notes = {stage: why for stage, why in analysis.notes.items() if stage != "tag"}
        if is_english(language):
            english.append(article)
        else:
            notes["tag"] = f"language {language or 'unknown'} is not supported"
        if notes != analysis.notes:
            analysis.notes = notes
            analysis.save(update_fields=["notes", "updated_at"])
    tags: dict[int, list[Tag]] = {article.pk: [] for article in articles}
    if english:
        documents = [Document(a.title, a.text or a.summary) for a in english]
        tagged = tag_documents(documents, corpus=stored_corpus_counts(excluding=articles))
        tags.update(zip((article.pk for article in english), tagged.tags, strict=True))
    store_text_hashtags(tags)
    # Hashtags made before variants were one concept (or by two workers at once) are
    # merged now: `tidings reprocess tag` repairs the old ones this way.
    merge_variants()
