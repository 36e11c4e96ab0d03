"""What the article page needs to show its comments; the page and the htmx answers share it."""

from __future__ import annotations

from tidings.comments.forms import CommentForm
from tidings.comments.services import Viewer, comment_count, comment_thread
from tidings.dedupe.models import Article


def comments_context(
    article: Article, viewer: Viewer, form: CommentForm | None = None, error: str = ""
) -> dict:
    return {
        "article": article,
        "comment_thread": comment_thread(article, viewer),
        "comment_count": comment_count(article, viewer),
        "comment_form": form or CommentForm(),
        "comment_error": error,
    }
