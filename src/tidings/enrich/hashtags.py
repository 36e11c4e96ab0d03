"""Hashtags of an article. For now they come from the feed's own categories."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from tidings.dedupe.models import Article
from tidings.enrich.models import ArticleHashtag, Hashtag

MAX_HASHTAGS = 8


def normalise_label(category: str) -> str:
    """A feed category as a readable label: "world/europe" and "  Europe " both give "Europe"."""
    leaf = category.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return " ".join(leaf.replace("_", " ").split())[:200]


def hashtag_for(label: str) -> Hashtag | None:
    slug = slugify(label, allow_unicode=True)[:200]
    if not slug:
        return None
    hashtag = Hashtag.objects.filter(slug=slug).first()
    if hashtag is not None:
        return hashtag
    try:
        with transaction.atomic():
            return Hashtag.objects.create(slug=slug, label=label)
    except IntegrityError:  # another worker made it first
        return Hashtag.objects.get(slug=slug)


def tag_from_categories(article: Article, categories: list[str]) -> list[Hashtag]:
    """Replace the article's feed-given hashtags with these categories, best first."""
    hashtags: list[Hashtag] = []
    for category in categories:
        label = normalise_label(category)
        hashtag = hashtag_for(label) if label else None
        if hashtag is not None and hashtag not in hashtags:
            hashtags.append(hashtag)
        if len(hashtags) == MAX_HASHTAGS:
            break
    with transaction.atomic():
        ArticleHashtag.objects.filter(article=article, origin=ArticleHashtag.Origin.FEED).exclude(
            hashtag__in=hashtags
        ).delete()
        for rank, hashtag in enumerate(hashtags):
            ArticleHashtag.objects.update_or_create(
                article=article,
                hashtag=hashtag,
                defaults={"score": 1.0 - rank / (2 * MAX_HASHTAGS), "origin": "feed"},
            )
    return hashtags
