"""What readers and moderators do with comments; pages (and later the API) call these.

Who sees what is decided here and only here:

- visible comments: everyone;
- held comments (waiting for review): their author and staff;
- hidden comments (taken down): staff;
- deleted comments: everyone, as "[deleted]", so that replies keep their place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from tidings.comments.markdown import count_links, render_comment
from tidings.comments.models import Comment, ModerationAction, Profile
from tidings.comments.moderation import Thresholds, score_comment
from tidings.dedupe.models import Article
from tidings.stories.models import Story

EDIT_WINDOW = timedelta(minutes=15)
MAX_BODY = 10_000
HISTORY = 20  # the author's recent comments the scorer compares a new one with
DELETED = "[deleted]"
# Replies deeper than this are shown at this depth, so a long exchange stays readable.
MAX_DEPTH = 4

Viewer = AbstractBaseUser | AnonymousUser
# What comments are on: an article, or a story (on its full-coverage page).
Target = Article | Story


class CommentError(Exception):
    """A request the rules refuse, in words fit to show the reader."""


def display_name(user: User | None) -> str:
    if user is None:
        return DELETED
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()


@transaction.atomic
def create_account(*, username: str, display_name: str, email: str, password: str) -> User:
    """A new reader account with its profile; the password was checked by the form."""
    user = User.objects.create_user(username=username, email=email, password=password)
    Profile.objects.create(user=user, display_name=display_name)
    return user


def delete_account(user: User) -> None:
    """Delete ``user``; their comments stay, with no author, and show as "[deleted]"."""
    user.delete()


def seen_by(viewer: Viewer) -> Q:
    """The comments ``viewer`` may see (see the module docstring)."""
    if viewer.is_authenticated and viewer.is_staff:
        return Q()
    shown = Q(status__in=[Comment.Status.VISIBLE, Comment.Status.DELETED])
    if viewer.is_authenticated:
        shown |= Q(status=Comment.Status.HELD, author_id=viewer.pk)
    return shown


def on_target(target: Target) -> Q:
    if isinstance(target, Story):
        return Q(story_id=target.pk)
    return Q(article_id=target.pk)


def comments_for(target: Target, viewer: Viewer) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(on_target(target), seen_by(viewer))
        .select_related("author__profile")
        .order_by("created_at", "id")
    )


def comment_count(target: Target, viewer: Viewer) -> int:
    """The comments ``viewer`` can read (deleted ones say nothing, so they do not count)."""
    return (
        Comment.objects.filter(on_target(target), seen_by(viewer))
        .exclude(status=Comment.Status.DELETED)
        .count()
    )


@dataclass
class ThreadNode:
    comment: Comment
    depth: int
    replies: list[ThreadNode] = field(default_factory=list)


def comment_thread(target: Target, viewer: Viewer) -> list[ThreadNode]:
    """The comments ``viewer`` sees, as trees of replies, oldest first.

    A reply whose parent the viewer may not see is not shown either: it answers
    something they cannot read.
    """
    children: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments_for(target, viewer):
        children[comment.parent_id].append(comment)

    def grow(comment: Comment, depth: int) -> ThreadNode:
        node = ThreadNode(comment, min(depth, MAX_DEPTH))
        node.replies = [grow(reply, depth + 1) for reply in children[comment.pk]]
        return node

    return [grow(root, 0) for root in children[None]]


def thresholds() -> Thresholds:
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

    1. Check the text and that the parent is a comment its author may answer.
    2. Render and score it; above a threshold it is held for review, and the hold is
       logged so moderators see why.
    """
    body = check_body(body)
    if parent is not None and (
        not Comment.objects.filter(on_target(target), seen_by(author), pk=parent.pk).exists()
    ):
        raise CommentError("That comment cannot be answered.")
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
    """
    if not can_edit(comment, editor):
        raise CommentError("This comment can no longer be edited.")
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
