"""`tidings reprocess extract`: run the extractor again on the pages we kept."""

from __future__ import annotations

import gzip

from tidings.articles.models import Article
from tidings.articles.store import store_reextracted
from tidings.extract.article import extract_article

VERSION = 1


def process(articles: list[Article]) -> None:
    for article in articles:
        if article.text_origin != Article.TextOrigin.PAGE or not article.page_html:
            continue  # the feed's own text, or no page: nothing to extract again
        page = extract_article(gzip.decompress(bytes(article.page_html)), article.url)
        if not page.text:
            continue  # never replace a text with nothing
        store_reextracted(article, page.text, page.html, page.image_caption, page.image_credit)
