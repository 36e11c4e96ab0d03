"""Lead images, after their articles are stored: downloaded through the fetch edge (size
limit, private-network refusal, picture types only) and resized for ``srcset`` by
``articles.thumbnails``. Runs in the background (a Huey task, and ``tidings fetch``), so a
slow picture never holds up a refresh, and one picture at a time, so a publisher's image
server is asked politely."""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tidings.articles.models import Article
from tidings.articles.store import save_image
from tidings.articles.thumbnails import ImageError, make_thumbnails
from tidings.fetch import FetchError, FetchPolicy, fetch_image
from tidings.sources.services import fetch_policy

log = logging.getLogger(__name__)

# fetch_image keeps at most 5 MB; a stored file larger than this was not put there by us.
MAX_STORED_BYTES = 8_000_000
# A tick of the schedule is a minute: leave time before the next one starts.
SECONDS_PER_RUN = 45


def articles_needing_pictures(limit: int) -> list[int]:
    """Articles whose publisher names a lead image that is neither shown nor refused yet."""
    return list(
        Article.objects.exclude(image_url="")
        .filter(image_width=0, image_note="")
        .order_by("-id")
        .values_list("id", flat=True)[:limit]
    )


def make_pending_pictures(limit: int = 200, seconds: float = SECONDS_PER_RUN) -> int:
    """Download and resize the lead images still to do, newest articles first, for at most
    ``seconds``; how many are now shown."""
    policy = fetch_policy()
    deadline = time.monotonic() + seconds
    made = 0
    for article_id in articles_needing_pictures(limit):
        if time.monotonic() > deadline:
            break
        made += make_article_picture(article_id, policy)
    return made


def make_article_picture(article_id: int, policy: FetchPolicy) -> bool:
    """Download (unless kept already) and resize one article's lead image. A picture that
    cannot be had or resized is not shown, and ``image_note`` says why, so it is not asked
    for again until the publisher names another; its caption and credit stay unshown too.
    True when the picture is now shown."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not article.image_url or article.image_width or article.image_note:
        return False
    url, name = article.image_url, article.image.name
    try:
        if name:
            body = read_limited(name)
        else:
            body, extension = fetch_image(url, policy)
            name = save_image(body, extension)
        resized = make_thumbnails(body)
    except (FetchError, OSError, ImageError) as error:
        note = error.message if isinstance(error, FetchError) else str(error)
        log.info("lead image %s of article %s not shown: %s", url, article_id, note)
        # Conditional on the same address: a refresh may have named another meanwhile.
        Article.objects.filter(pk=article_id, image_url=url).update(image="", image_note=note[:300])
        return False
    digest = hashlib.sha256(body).hexdigest()[:32]
    stored = []
    for copy in resized.thumbnails:
        path = f"thumbs/{digest[:2]}/{digest}-{copy.width}.webp"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(copy.body))
        stored.append({"width": copy.width, "height": copy.height, "name": path})
    return bool(
        Article.objects.filter(pk=article_id, image_url=url).update(
            image=name,
            image_width=resized.width,
            image_height=resized.height,
            image_thumbnails=stored,
        )
    )


def read_limited(name: str) -> bytes:
    if default_storage.size(name) > MAX_STORED_BYTES:
        raise ImageError(f"the file is larger than {MAX_STORED_BYTES:,} bytes")
    with default_storage.open(name, "rb") as handle:
        return handle.read()
