"""Articles as the API answers them, in lists (``article_item_json``) and alone."""

from __future__ import annotations

from tidings.articles.models import Article
from tidings.enrich.models import Hashtag
from tidings.web.addresses import absolute


def article_item_json(article: Article) -> dict:
    return {
        "id": article.id,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "source": {"id": article.source_id, "name": article.source.display_name},
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "language": article.language,
        "has_full_text": article.has_full_text,
        "page_url": absolute(article.get_absolute_url()),
    }


def article_json(article: Article, hashtags: list[Hashtag]) -> dict:
    return {
        **article_item_json(article),
        "author": article.author,
        "text_origin": article.text_origin,
        "summary": article.summary,
        "text": article.text,
        "image": {
            # Only the copy we downloaded: the publisher's address would let clients
            # hotlink it and tell the publisher who reads what.
            "url": absolute(article.image.url) if article.image else None,
            "caption": article.image_caption,
            "credit": article.image_credit,
        },
        "hashtags": [
            {
                "tag": hashtag.tag,
                "label": hashtag.label,
                "kind": hashtag.kind,
                "url": absolute(hashtag.get_absolute_url()),
            }
            for hashtag in hashtags
        ],
    }
