"""An article's body as feed reader apps show it, the same in every reader API."""

from __future__ import annotations

from django.utils.html import escape, linebreaks

from tidings.articles.models import Article


def body_html(article: Article) -> str:
    """The article's sanitised body, or its feed summary (else its text) as paragraphs."""
    if article.content_html:
        return article.content_html
    plain = article.summary or article.text
    return linebreaks(escape(plain)) if plain else ""
