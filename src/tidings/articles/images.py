"""Resized copies of the lead images that refresh downloaded: the edge around
``articles.thumbnails``. Runs in the background after the articles are stored (a Huey task,
and ``tidings fetch``), so a slow resize never holds up a refresh."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tidings.articles.models import Article
from tidings.articles.thumbnails import ImageError, make_thumbnails

log = logging.getLogger(__name__)

# fetch_image keeps at most 5 MB; a stored file larger than this was not put there by us.
MAX_STORED_BYTES = 8_000_000


def articles_needing_thumbnails(limit: int) -> list[int]:
    return list(
        Article.objects.exclude(image="")
        .filter(image_width=0)
        .order_by("-id")
        .values_list("id", flat=True)[:limit]
    )


def make_pending_thumbnails(limit: int = 200) -> int:
    """Resize the lead images that have no copies yet, newest first; how many were made."""
    return sum(
        make_article_thumbnails(article_id) for article_id in articles_needing_thumbnails(limit)
    )


def make_article_thumbnails(article_id: int) -> bool:
    """Make and record the copies of one article's lead image. A picture that cannot be
    resized is dropped from the article (with its reason in the log), since a page cannot
    show it well: its caption and credit then stay unshown too. True when copies were made."""
    article = Article.objects.filter(pk=article_id).exclude(image="").first()
    if article is None or article.image_width:
        return False
    name = article.image.name
    try:
        body = read_limited(name)
        resized = make_thumbnails(body)
    except (OSError, ImageError) as error:
        log.info("lead image %s of article %s not shown: %s", name, article_id, error)
        Article.objects.filter(pk=article_id, image=name).update(image="")
        return False
    digest = hashlib.sha256(body).hexdigest()[:32]
    stored = []
    for copy in resized.thumbnails:
        path = f"thumbs/{digest[:2]}/{digest}-{copy.width}.webp"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(copy.body))
        stored.append({"width": copy.width, "height": copy.height, "name": path})
    # Conditional on the same file: a refresh may have replaced the picture meanwhile.
    return bool(
        Article.objects.filter(pk=article_id, image=name).update(
            image_width=resized.width, image_height=resized.height, image_thumbnails=stored
        )
    )


def read_limited(name: str) -> bytes:
    if default_storage.size(name) > MAX_STORED_BYTES:
        raise ImageError(f"the file is larger than {MAX_STORED_BYTES:,} bytes")
    with default_storage.open(name, "rb") as handle:
        return handle.read()
