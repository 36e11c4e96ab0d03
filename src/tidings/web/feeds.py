"""RSS feeds of our own pages, so readers can follow a hashtag in their feed reader.

Feed readers render an RSS title or description as HTML once the XML is read, so text
that holds ``<b>`` or ``&`` would turn into markup, or be cut short, there. Every text
we put in the feed is plain, and is HTML-escaped (``as_html``) before Django XML-escapes
it: a reader then shows the publisher's exact characters.
"""

from __future__ import annotations

import html
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


def as_html(text: str) -> str:
    """Plain ``text`` as HTML that shows exactly it."""
    return html.escape(text, quote=False)


class HashtagFeed(Feed):
    """The newest articles carrying one hashtag; items link to our article pages."""

    def get_object(self, request: HttpRequest, slug: str) -> Hashtag:
        return get_object_or_404(Hashtag, slug=slug)

    def title(self, hashtag: Hashtag) -> str:
        return as_html(f"{hashtag.tag} on tidings")

    def link(self, hashtag: Hashtag) -> str:
        return hashtag.get_absolute_url()

    def description(self, hashtag: Hashtag) -> str:
        return as_html(f"The newest articles tagged {hashtag.tag}.")

    def items(self, hashtag: Hashtag) -> list[Article]:
        return list(queries.hashtag_articles(hashtag)[:FEED_ITEMS])

    def item_title(self, article: Article) -> str:
        return as_html(article.title)

    def item_description(self, article: Article) -> str:
        return as_html(Truncator(article.text or article.summary).words(DESCRIPTION_WORDS))

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_pubdate(self, article: Article) -> datetime:
        return article.published_at

    def item_updateddate(self, article: Article) -> datetime | None:
        return article.updated_at

    def item_author_name(self, article: Article) -> str:
        return article.author or article.source.display_name
