"""What readers do with their own comments: post, edit within a window, delete.

Each new or edited text is rendered and scored; above a threshold the comment is held
for review, and the hold goes in the moderation log (``log_moderation``, which every
moderation step writes through).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tidings.comments.accounts import refuse_blocked
from tidings.comments.models import Comment, ModerationAction
from tidings.comments.refusals import CommentError, NotAllowed
from tidings.comments.threads import Target, Viewer, in_locked_thread, on_target, seen_by
from tidings.stories.models import Story

if TYPE_CHECKING:
    from tidings.comments.moderation import Thresholds

EDIT_WINDOW = timedelta(minutes=15)
MAX_BODY = 10_000
HISTORY = 20  # the author's recent comments the scorer compares a new one with


def thresholds() -> Thresholds:
    from tidings.comments.moderation import Thresholds

    return Thresholds(spam=settings.TIDINGS["HOLD_SPAM"], toxic=settings.TIDINGS["HOLD_TOXIC"])


def check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise CommentError("A comment needs some text.")
    if len(body) > MAX_BODY:
        raise CommentError(f"A comment may be at most {MAX_BODY:,} characters long.")
    return body


def score_and_render(comment: Comment, author: User) -> bool:
    """Render ``comment.body``, score it, and set the scores; True when it must wait."""
    # Markdown-it, numpy and the scorer's weights are paid by the first comment, not by
    # every command that sets Django up (the admin imports this module).
    from tidings.comments.markdown import count_links, render_comment
    from tidings.comments.moderation import score_comment

    comment.body_html = render_comment(comment.body)
    history = list(
        Comment.objects.filter(author=author)
        .exclude(pk=comment.pk)
        .exclude(status=Comment.Status.DELETED)
        .order_by("-created_at")
        .values_list("body", flat=True)[:HISTORY]
    )
    age_days = (timezone.now() - author.date_joined).total_seconds() / 86400
    score = score_comment(
        comment.body,
        links=count_links(comment.body_html),
        account_age_days=age_days,
        history=history,
        thresholds=thresholds(),
    )
    comment.spam_score, comment.toxic_score = score.spam, score.toxic
    comment.moderation_reasons = score.reasons
    return score.hold


@transaction.atomic
def post_comment(
    *, author: User, target: Target, body: str, parent: Comment | None = None
) -> Comment:
    """Post ``body`` on ``target`` (as a reply to ``parent`` if given).

    1. Check that the author may post (not suspended or banned), the text, and that the
       parent is a comment its author may answer, in a thread that is not locked.
    2. Render and score it; above a threshold it is held for review, and the hold is
       logged so moderators see why.
    """
    refuse_blocked(author)
    body = check_body(body)
    if parent is not None:
        if not Comment.objects.filter(on_target(target), seen_by(author), pk=parent.pk).exists():
            raise CommentError("That comment cannot be answered.")
        if in_locked_thread(parent):
            raise NotAllowed("This thread is locked: it takes no more replies.")
    comment = Comment(author=author, parent=parent, body=body)
    if isinstance(target, Story):
        comment.story = target
    else:
        comment.article = target
    if score_and_render(comment, author):
        comment.status = Comment.Status.HELD
    comment.save()
    if comment.status == Comment.Status.HELD:
        log_moderation(
            ModerationAction.Action.HOLD,
            comment=comment,
            user=author,
            reason="; ".join(comment.moderation_reasons),
        )
    return comment


def can_edit(comment: Comment, user: Viewer) -> bool:
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.status in (Comment.Status.VISIBLE, Comment.Status.HELD)
        and timezone.now() - comment.created_at <= EDIT_WINDOW
    )


def can_delete(comment: Comment, user: Viewer) -> bool:
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.status != Comment.Status.DELETED
    )


@transaction.atomic
def edit_comment(comment: Comment, *, editor: User, body: str) -> Comment:
    """Replace the text of ``editor``'s own comment within the edit window.

    The new text is scored again; an edit can put a comment on hold, never take it off.
    A suspended or banned author cannot edit, and a locked thread stays as it was locked.
    """
    if not can_edit(comment, editor):
        raise CommentError("This comment can no longer be edited.")
    refuse_blocked(editor)
    if in_locked_thread(comment):
        raise NotAllowed("This thread is locked: its comments can no longer be edited.")
    comment.body = check_body(body)
    if score_and_render(comment, editor) and comment.status != Comment.Status.HELD:
        comment.status = Comment.Status.HELD
        log_moderation(
            ModerationAction.Action.HOLD,
            comment=comment,
            user=editor,
            reason="; ".join(comment.moderation_reasons),
        )
    comment.edited_at = timezone.now()
    comment.save()
    return comment


def delete_comment(comment: Comment, *, by: User) -> Comment:
    """The author removes their comment: the text goes, the place in the thread stays."""
    if not can_delete(comment, by):
        raise CommentError("Only its author can delete this comment.")
    comment.body = ""
    comment.body_html = ""
    comment.status = Comment.Status.DELETED
    comment.save(update_fields=["body", "body_html", "status"])
    return comment


def log_moderation(
    action: str,
    *,
    comment: Comment | None = None,
    user: User | None = None,
    moderator: User | None = None,
    reason: str = "",
) -> ModerationAction:
    """Record a moderation step: what, on which comment or account, by whom, and why."""
    return ModerationAction.objects.create(
        action=action, comment=comment, user=user, moderator=moderator, reason=reason
    )
