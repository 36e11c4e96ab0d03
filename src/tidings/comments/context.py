"""What a page with comments needs to show them; the page and the htmx answers share it."""

from __future__ import annotations

from django.urls import reverse

from tidings.comments.accounts import posting_block
from tidings.comments.forms import CommentForm
from tidings.comments.models import Comment, Report
from tidings.comments.threads import Target, Viewer, comment_count, comment_thread, on_target
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
        # Why the viewer may not post (suspended, banned), shown instead of the forms.
        "comment_block": posting_block(viewer),
        # The comments the viewer reported: thanked for, instead of a second Report form.
        "comment_reported": reported_by(target, viewer),
        "comment_report_reasons": Report.Reason.choices,
    }


def reported_by(target: Target, viewer: Viewer) -> set[int]:
    if not viewer.is_authenticated:
        return set()
    on_this_target = Comment.objects.filter(on_target(target)).values("pk")
    reports = Report.objects.filter(reporter_id=viewer.pk, comment__in=on_this_target)
    return set(reports.values_list("comment_id", flat=True))
