"""What a page with comments needs to show them; the page and the htmx answers share it."""

from __future__ import annotations

from django.urls import reverse

from tidings.comments.forms import CommentForm
from tidings.comments.services import Target, Viewer, comment_count, comment_thread
from tidings.stories.models import Story


def post_url(target: Target) -> str:
    if isinstance(target, Story):
        return reverse("comments:post_on_story", args=[target.pk])
    return reverse("comments:post", args=[target.pk])


def comments_context(
    target: Target, viewer: Viewer, form: CommentForm | None = None, error: str = ""
) -> dict:
    return {
        "comment_target": target,
        "comment_post_url": post_url(target),
        "comment_thread": comment_thread(target, viewer),
        "comment_count": comment_count(target, viewer),
        "comment_form": form or CommentForm(),
        "comment_error": error,
    }
