"""What readers and moderators do with comments; pages (and later the API) call these.

Who sees what is decided here and only here:

- visible comments: everyone;
- held comments (waiting for review): their author and staff;
- hidden comments (taken down): staff;
- deleted comments: everyone, as "[deleted]", so that replies keep their place.

Who may write is decided here too: a suspended account cannot post, edit or report until
its suspension ends, a banned one never again, and a locked comment takes no replies
anywhere below it. Moderators (staff accounts) act through the functions at the end of
this module, and each of their steps is logged with who, when and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import Case, Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateformat import format as format_date

from tidings.articles.models import Article
from tidings.comments.markdown import count_links, render_comment
from tidings.comments.models import Comment, ModerationAction, Profile, Report
from tidings.comments.moderation import Thresholds, score_comment
from tidings.stories.models import Story

EDIT_WINDOW = timedelta(minutes=15)
MAX_BODY = 10_000
HISTORY = 20  # the author's recent comments the scorer compares a new one with
DELETED = "[deleted]"
# Replies deeper than this are shown at this depth, so a long exchange stays readable.
MAX_DEPTH = 4
# Open reports from this many different readers hold a visible comment until a moderator
# looks: a few readers can take an abusive comment off the page at once, and no single
# reader can silence another.
REPORTS_TO_HOLD = 3
MAX_REASON = 1000

Viewer = AbstractBaseUser | AnonymousUser
# What comments are on: an article, or a story (on its full-coverage page).
Target = Article | Story


class CommentError(Exception):
    """A request the rules refuse, in words fit to show the reader."""


class NotAllowed(CommentError):
    """Refused because of who asks, not what they sent: a suspended or banned account, a
    reply in a locked thread, a moderator's step taken by someone who is not one. The API
    answers these with 403 and other ``CommentError`` with 400."""


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


def profile_of(user: Viewer | None) -> Profile | None:
    """The reader's profile; accounts made outside signup (``createsuperuser``) have none."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "profile", None)


def is_suspended(user: Viewer) -> bool:
    profile = profile_of(user)
    return bool(profile and profile.suspended_until and profile.suspended_until > timezone.now())


def is_banned(user: Viewer) -> bool:
    profile = profile_of(user)
    return bool(profile and profile.banned_at)


def human_time(moment: datetime) -> str:
    """A time as the pages write it for people, e.g. "3 May 2026, 14:00 UTC"."""
    return format_date(timezone.localtime(moment), "j F Y, H:i T")


def posting_block(user: Viewer) -> str:
    """Why ``user`` may not post, edit or report comments now, in words for them; empty
    when they may. The moderator's reason for the ban or suspension is shown with it."""
    profile = profile_of(user)
    if is_banned(user):
        state, action = "Your account is banned", ModerationAction.Action.BAN
    elif is_suspended(user):
        until = human_time(profile.suspended_until)
        state, action = f"Your account is suspended until {until}", ModerationAction.Action.SUSPEND
    else:
        return ""
    last = ModerationAction.objects.filter(user=user, action=action).first()
    why = f" The moderators' reason: {last.reason}" if last and last.reason else ""
    return f"{state}, so you cannot post, edit or report comments.{why}"


def refuse_blocked(user: Viewer) -> None:
    block = posting_block(user)
    if block:
        raise NotAllowed(block)


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


# Reports -------------------------------------------------------------------------------


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


# Moderators ----------------------------------------------------------------------------
#
# Each step needs a staff account, is refused with a CommentError when there is nothing to
# do (so two moderators on one queue learn that the other was faster), and is logged. Hide
# is reversible and keeps the text for moderators; delete erases the text for good (for
# what must not be kept at all) and leaves "[deleted]" in the thread.


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
        user=user, defaults={"display_name": user.get_username()}
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


def standing(user: User) -> str:
    """An account's standing, for moderators: banned, suspended, or in good standing."""
    profile = profile_of(user)
    if profile and profile.banned_at:
        return f"Banned since {human_time(profile.banned_at)}"
    if is_suspended(user):
        return f"Suspended until {human_time(profile.suspended_until)}"
    return "In good standing"


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
