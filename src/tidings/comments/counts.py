"""Comment counts for lists of articles or stories, in the list's own query.

A card shows what an anonymous reader can read: visible comments only, not those waiting
for review, hidden by a moderator or deleted, nor replies to a comment that is held or
hidden. That is ``threads.comment_count`` for a reader who is not logged in, except for
a reply whose grandparent (or an older ancestor) is hidden: the card counts it, the page
does not show it. Following the whole chain in SQL would cost a recursive query per card.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tidings.articles.models import Article
from tidings.comments.models import Comment
from tidings.stories.models import Story

# The Comment field that points at each kind of row that has comments.
TARGET_FIELD = {Article: "article", Story: "story"}


def with_comment_counts(rows: QuerySet) -> QuerySet:
    """``rows`` (articles or stories), each with ``comment_count``.

    A correlated subquery rather than a join with GROUP BY: it cannot multiply rows when
    the list is filtered through another join (a hashtag's articles), and the database
    need not group wide article rows. The (article, status, created_at) and (story,
    status, created_at) indexes answer it.
    """
    field = TARGET_FIELD.get(rows.model)
    if field is None:
        raise TypeError(f"Comment counts are for articles and stories, not {rows.model.__name__}.")
    visible = (
        Comment.objects.filter(**{field: OuterRef("pk")}, status=Comment.Status.VISIBLE)
        .filter(
            Q(parent__isnull=True)
            | Q(parent__status__in=[Comment.Status.VISIBLE, Comment.Status.DELETED])
        )
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return rows.annotate(
        comment_count=Coalesce(Subquery(visible, output_field=IntegerField()), Value(0))
    )
