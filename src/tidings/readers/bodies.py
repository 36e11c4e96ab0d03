"""An article's body as feed reader apps show it, the same in every reader API: its lead
image first (stored and served by this site, so the address is this site's), then its
sanitised text."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.html import escape, linebreaks

from tidings.articles.models import Article


def lead_image(article: Article, request: HttpRequest) -> str:
    if not article.image:
        return ""
    source = escape(request.build_absolute_uri(article.image.url))
    words = " — ".join(part for part in (article.image_caption, article.image_credit) if part)
    caption = f"<figcaption>{escape(words)}</figcaption>" if words else ""
    return f'<figure><img src="{source}" alt="{escape(article.image_caption)}">{caption}</figure>'


def body_html(article: Article, request: HttpRequest) -> str:
    """The lead image, then the sanitised body or else the feed summary (or the text) as
    paragraphs."""
    plain = article.summary or article.text
    body = article.content_html or (linebreaks(escape(plain)) if plain else "")
    return lead_image(article, request) + body
