"""What moderators read: the queue, the log, and an account's comments."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Case, Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from tidings.comments.models import Comment, ModerationAction, Report


def for_moderators(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """``comments`` with what a moderator reads beside each one: ``open_report_count``,
    ``waiting_since`` (when it was last held, or its first open report; None if neither)
    and ``open_reports`` (the reports, with their reporters), author and target."""
    open_report = Q(reports__resolved_at__isnull=True)
    last_hold = (
        ModerationAction.objects.filter(comment=OuterRef("pk"), action=ModerationAction.Action.HOLD)
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        comments.annotate(
            open_report_count=Count("reports", filter=open_report),
            first_report_at=Min("reports__created_at", filter=open_report),
        )
        .annotate(
            waiting_since=Case(
                When(
                    status=Comment.Status.HELD,
                    then=Coalesce(Subquery(last_hold), F("created_at")),
                ),
                default=F("first_report_at"),
            )
        )
        .select_related("author__profile", "article", "story")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(resolved_at__isnull=True).select_related(
                    "reporter__profile"
                ),
                to_attr="open_reports",
            )
        )
    )


def moderation_queue() -> QuerySet[Comment]:
    """What waits for a moderator, longest waiting first: held comments, and visible ones
    with open reports (see ``for_moderators`` for what each one carries)."""
    return (
        for_moderators(Comment.objects.all())
        .filter(
            Q(status=Comment.Status.HELD)
            | Q(status=Comment.Status.VISIBLE, open_report_count__gt=0)
        )
        .order_by("waiting_since", "id")
    )


def moderation_log() -> QuerySet[ModerationAction]:
    """Every moderation step, newest first."""
    return ModerationAction.objects.select_related(
        "moderator", "user__profile", "comment"
    ).order_by("-at", "-id")


def account_comments(user: User) -> QuerySet[Comment]:
    """All of ``user``'s comments, whatever their state, newest first: for moderators."""
    return (
        Comment.objects.filter(author=user)
        .select_related("article", "story")
        .annotate(report_count=Count("reports"))
        .order_by("-created_at", "-id")
    )
