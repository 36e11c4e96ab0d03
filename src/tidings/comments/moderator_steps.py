"""What moderators (staff accounts) do to comments and accounts.

Each step needs a staff account, is refused with a CommentError when there is nothing to
do (so two moderators on one queue learn that the other was faster), and is logged with
who, when and why. Hide is reversible and keeps the text for moderators; delete erases
the text for good (for what must not be kept at all) and leaves "[deleted]" in the
thread.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tidings.comments.accounts import free_display_name, is_suspended
from tidings.comments.models import Comment, ModerationAction, Profile
from tidings.comments.posting import log_moderation
from tidings.comments.refusals import CommentError, NotAllowed
from tidings.comments.reporting import MAX_REASON
from tidings.comments.threads import Viewer


def require_moderator(user: Viewer) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise NotAllowed("Only moderators can do this.")


def check_reason(reason: str, *, required: bool) -> str:
    reason = reason.strip()
    if required and not reason:
        raise CommentError("Give a reason: it goes in the moderation log.")
    if len(reason) > MAX_REASON:
        raise CommentError(f"A reason may be at most {MAX_REASON:,} characters long.")
    return reason


def resolve_reports(comment: Comment, moderator: User) -> int:
    """Close the open reports on ``comment``; how many there were."""
    return comment.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


def moderator_reason(moderator: Viewer, reason: str, *, required: bool) -> str:
    """Check that a staff member acts, and give back their reason, tidied."""
    require_moderator(moderator)
    return check_reason(reason, required=required)


def log_step(action: str, comment: Comment, moderator: User, reason: str) -> ModerationAction:
    """Log a moderator's step on a comment, against the comment's author."""
    return log_moderation(
        action, comment=comment, user=comment.author, moderator=moderator, reason=reason
    )


def refuse_deleted(comment: Comment) -> None:
    if comment.status == Comment.Status.DELETED:
        raise CommentError("This comment was deleted; there is nothing left to moderate.")


@transaction.atomic
def approve(comment: Comment, *, moderator: User, reason: str = "") -> Comment:
    """The comment is fine: shown to everyone (held or hidden before), its reports closed."""
    reason = moderator_reason(moderator, reason, required=False)
    refuse_deleted(comment)
    closed = resolve_reports(comment, moderator)
    if comment.status == Comment.Status.VISIBLE and not closed:
        raise CommentError("This comment is already visible and has no open reports.")
    comment.status = Comment.Status.VISIBLE
    comment.save(update_fields=["status"])
    log_step(ModerationAction.Action.APPROVE, comment, moderator, reason)
    return comment


@transaction.atomic
def hide(comment: Comment, *, moderator: User, reason: str) -> Comment:
    """Take the comment down: from then on only moderators see it, and its reports close."""
    reason = moderator_reason(moderator, reason, required=True)
    refuse_deleted(comment)
    if comment.status == Comment.Status.HIDDEN:
        raise CommentError("This comment is already hidden.")
    comment.status = Comment.Status.HIDDEN
    comment.save(update_fields=["status"])
    resolve_reports(comment, moderator)
    log_step(ModerationAction.Action.HIDE, comment, moderator, reason)
    return comment


@transaction.atomic
def delete_as_moderator(comment: Comment, *, moderator: User, reason: str) -> Comment:
    """Erase the comment's text for good; its place in the thread shows "[deleted]"."""
    reason = moderator_reason(moderator, reason, required=True)
    refuse_deleted(comment)
    comment.body = ""
    comment.body_html = ""
    comment.status = Comment.Status.DELETED
    comment.save(update_fields=["body", "body_html", "status"])
    resolve_reports(comment, moderator)
    log_step(ModerationAction.Action.DELETE, comment, moderator, reason)
    return comment


@transaction.atomic
def lock(comment: Comment, *, moderator: User, reason: str = "") -> Comment:
    """No more replies to this comment or anything below it; what is there stays."""
    reason = moderator_reason(moderator, reason, required=False)
    if comment.locked_at is not None:
        raise CommentError("This thread is already locked.")
    comment.locked_at = timezone.now()
    comment.save(update_fields=["locked_at"])
    log_step(ModerationAction.Action.LOCK, comment, moderator, reason)
    return comment


@transaction.atomic
def unlock(comment: Comment, *, moderator: User, reason: str = "") -> Comment:
    reason = moderator_reason(moderator, reason, required=False)
    if comment.locked_at is None:
        raise CommentError("This thread is not locked.")
    comment.locked_at = None
    comment.save(update_fields=["locked_at"])
    log_step(ModerationAction.Action.UNLOCK, comment, moderator, reason)
    return comment


@transaction.atomic
def dismiss_reports(comment: Comment, *, moderator: User, reason: str = "") -> Comment:
    """The reports were unfounded: close them and leave the comment as it is."""
    reason = moderator_reason(moderator, reason, required=False)
    if not resolve_reports(comment, moderator):
        raise CommentError("This comment has no open reports.")
    log_step(ModerationAction.Action.DISMISS, comment, moderator, reason)
    return comment


def moderated_profile(user: User) -> Profile:
    """The profile of an account a moderator acts on. Staff accounts are out of reach: a
    moderator's standing is a matter for the admin, not for another moderator."""
    if user.is_staff:
        raise NotAllowed(
            "Staff accounts cannot be suspended or banned here; take away their staff "
            "status in the admin first."
        )
    profile, _ = Profile.objects.select_for_update().get_or_create(
        user=user, defaults={"display_name": free_display_name(user.get_username())}
    )
    user.profile = profile  # so that the caller's ``user`` shows the change at once
    return profile


@transaction.atomic
def suspend(user: User, *, until: datetime, moderator: User, reason: str) -> Profile:
    """``user`` reads but cannot post, edit or report until ``until``."""
    reason = moderator_reason(moderator, reason, required=True)
    profile = moderated_profile(user)
    if until <= timezone.now():
        raise CommentError("A suspension must end in the future.")
    if profile.banned_at is not None:
        raise CommentError("This account is banned; reinstate it before suspending it.")
    profile.suspended_until = until
    profile.save(update_fields=["suspended_until"])
    log_moderation(ModerationAction.Action.SUSPEND, user=user, moderator=moderator, reason=reason)
    return profile


@transaction.atomic
def ban(user: User, *, moderator: User, reason: str) -> Profile:
    """``user`` reads but never posts, edits or reports again, until reinstated."""
    reason = moderator_reason(moderator, reason, required=True)
    profile = moderated_profile(user)
    if profile.banned_at is not None:
        raise CommentError("This account is already banned.")
    profile.banned_at = timezone.now()
    profile.save(update_fields=["banned_at"])
    log_moderation(ModerationAction.Action.BAN, user=user, moderator=moderator, reason=reason)
    return profile


@transaction.atomic
def reinstate(user: User, *, moderator: User, reason: str = "") -> Profile:
    """Lift a suspension or a ban."""
    reason = moderator_reason(moderator, reason, required=False)
    profile = moderated_profile(user)
    if profile.banned_at is None and not is_suspended(user):
        raise CommentError("This account is neither suspended nor banned.")
    profile.banned_at = None
    profile.suspended_until = None
    profile.save(update_fields=["banned_at", "suspended_until"])
    log_moderation(ModerationAction.Action.REINSTATE, user=user, moderator=moderator, reason=reason)
    return profile
