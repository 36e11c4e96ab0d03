"""RSS feeds of our own pages, so readers can follow a hashtag in their feed reader."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator

from tidings.articles.models import Article
from tidings.enrich.models import Hashtag
from tidings.web import queries

FEED_ITEMS = 50
DESCRIPTION_WORDS = 60


class HashtagFeed(Feed):
    """The newest articles carrying one hashtag; items link to our article pages."""

    def get_object(self, request: HttpRequest, slug: str) -> Hashtag:
        return get_object_or_404(Hashtag, slug=slug)

    def title(self, hashtag: Hashtag) -> str:
        return f"{hashtag.tag} on tidings"

    def link(self, hashtag: Hashtag) -> str:
        return hashtag.get_absolute_url()

    def description(self, hashtag: Hashtag) -> str:
        return f"The newest articles tagged {hashtag.tag}."

    def items(self, hashtag: Hashtag) -> list[Article]:
        return list(queries.hashtag_articles(hashtag)[:FEED_ITEMS])

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return Truncator(article.text or article.summary).words(DESCRIPTION_WORDS)

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_pubdate(self, article: Article) -> datetime:
        return article.published_at

    def item_updateddate(self, article: Article) -> datetime | None:
        return article.updated_at

    def item_author_name(self, article: Article) -> str:
        return article.author or article.source.display_name
