"""Reading comments: who sees which, and how a target's comments hang together.

Who sees what is decided here and only here:

- visible comments: everyone;
- held comments (waiting for review): their author and staff;
- hidden comments (taken down): staff;
- deleted comments: everyone, as "[deleted]", so that replies keep their place.

A reply whose parent the viewer may not see is not shown either, and a locked comment
takes no replies anywhere below it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from tidings.articles.models import Article
from tidings.comments.models import Comment
from tidings.stories.models import Story

DELETED = "[deleted]"
# Replies deeper than this are shown at this depth, so a long exchange stays readable.
MAX_DEPTH = 4

Viewer = AbstractBaseUser | AnonymousUser
# What comments are on: an article, or a story (on its full-coverage page).
Target = Article | Story


def in_locked_thread(comment: Comment) -> bool:
    """True when ``comment`` or any comment above it is locked."""
    locked, parent_id = comment.locked_at is not None, comment.parent_id
    while not locked and parent_id is not None:
        locked_at, parent_id = Comment.objects.values_list("locked_at", "parent_id").get(
            pk=parent_id
        )
        locked = locked_at is not None
    return locked


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


def in_thread(target: Target, viewer: Viewer, *fields: str) -> Iterator[tuple]:
    """``(pk, *fields)`` of each comment the thread shows ``viewer``, oldest first: those
    they may see, less replies below a comment they may not (it answers something they
    cannot read)."""
    shown: set[int] = set()
    rows = comments_for(target, viewer).values_list("pk", "parent_id", *fields)
    for pk, parent_id, *values in rows:
        # Oldest first, so a parent is always met before its replies.
        if parent_id is None or parent_id in shown:
            shown.add(pk)
            yield (pk, *values)


def comment_count(target: Target, viewer: Viewer) -> int:
    """The comments ``viewer`` can read on the page: those of the thread, less deleted ones
    (they say nothing)."""
    return sum(
        status != Comment.Status.DELETED for _, status in in_thread(target, viewer, "status")
    )


@dataclass
class ThreadNode:
    comment: Comment
    depth: int
    # This comment or one above it is locked: no replies here.
    locked: bool = False
    replies: list[ThreadNode] = field(default_factory=list)


def comment_thread(target: Target, viewer: Viewer) -> list[ThreadNode]:
    """The comments ``viewer`` sees, as trees of replies, oldest first.

    A reply whose parent the viewer may not see is not shown either: it answers
    something they cannot read.
    """
    children: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments_for(target, viewer):
        children[comment.parent_id].append(comment)

    def grow(comment: Comment, depth: int, locked_above: bool) -> ThreadNode:
        locked = locked_above or comment.locked_at is not None
        node = ThreadNode(comment, min(depth, MAX_DEPTH), locked)
        node.replies = [grow(reply, depth + 1, locked) for reply in children[comment.pk]]
        return node

    return [grow(root, 0, False) for root in children[None]]
