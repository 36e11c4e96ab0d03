"""Readers' reports of comments: taken once per reader, and enough of them hold a comment
until a moderator looks."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from tidings import freshness
from tidings.comments.accounts import refuse_blocked
from tidings.comments.models import Comment, ModerationAction, Report
from tidings.comments.posting import log_moderation
from tidings.comments.refusals import CommentError, NotAllowed
from tidings.comments.threads import Viewer, seen_by

# Open reports from this many different readers hold a visible comment until a moderator
# looks: a few readers can take an abusive comment off the page at once, and no single
# reader can silence another.
REPORTS_TO_HOLD = 3
MAX_REASON = 1000


@transaction.atomic
def report_comment(comment: Comment, *, reporter: Viewer, reason: str, details: str = "") -> Report:
    """``reporter`` asks the moderators to look at ``comment``.

    1. Refuse what cannot be reported: one's own comment, a deleted or hidden one, one the
       reporter cannot see; and refuse reporters who may not post.
    2. A reader reports a comment once: asking again answers with their first report, so
       the page can thank them again instead of showing an error.
    3. An open report puts the comment in the queue; once ``REPORTS_TO_HOLD`` different
       readers have open reports on a visible comment, it is held until a moderator looks.
    """
    if not reporter.is_authenticated:
        raise NotAllowed("Log in to report a comment.")
    refuse_blocked(reporter)
    if reason not in Report.Reason.values:
        raise CommentError("Choose why you report this comment.")
    details = details.strip()
    if len(details) > MAX_REASON:
        raise CommentError(f"Please say it in at most {MAX_REASON:,} characters.")
    if comment.author_id == reporter.pk:
        raise CommentError("You cannot report your own comment.")
    if comment.status == Comment.Status.DELETED:
        raise CommentError("This comment was deleted; there is nothing left to report.")
    if comment.status == Comment.Status.HIDDEN or not (
        Comment.objects.filter(seen_by(reporter), pk=comment.pk).exists()
    ):
        raise CommentError("This comment cannot be reported.")
    report, created = Report.objects.get_or_create(
        comment=comment, reporter=reporter, defaults={"reason": reason, "details": details}
    )
    if created:
        hold_if_reported_enough(comment)
    return report


def hold_if_reported_enough(comment: Comment) -> None:
    open_reasons = list(
        comment.reports.filter(resolved_at__isnull=True).values_list("reason", flat=True)
    )
    if len(open_reasons) < REPORTS_TO_HOLD:
        return
    # A conditional update, so that two reports arriving together hold (and log) it once.
    held = Comment.objects.filter(pk=comment.pk, status=Comment.Status.VISIBLE).update(
        status=Comment.Status.HELD
    )
    if held:
        freshness.changed_on_commit()  # an update() sends no post_save
        comment.status = Comment.Status.HELD
        log_moderation(
            ModerationAction.Action.HOLD,
            comment=comment,
            user=comment.author,
            reason=f"Reported by {len(open_reasons)} readers: {report_reasons(open_reasons)}",
        )


def report_reasons(reasons: list[str]) -> str:
    """Report reasons in words, most frequent first: "Spam or advertising (2), Off topic"."""
    counts: dict[str, int] = defaultdict(int)
    for reason in reasons:
        counts[reason] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(
        Report.Reason(reason).label + (f" ({count})" if count > 1 else "")
        for reason, count in ranked
    )
