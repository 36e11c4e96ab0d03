"""Comments, reports, the moderation log and readers' profiles in the Django admin.

The admin is the fallback for the moderation pages. What changes what readers see goes
through ``moderator_steps`` here too, so it is checked and logged the same way: comments and
reports are read-only, the log is never edited, and the list actions are the steps that
need no reason. Hiding, deleting, suspending and banning need one, so each row links to
its moderation page instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from tidings.comments import moderator_steps, refusals
from tidings.comments.models import Comment, ModerationAction, Profile, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the site's own rules: shown, never added, edited or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def take_step(request: HttpRequest, rows: Iterable, step: Callable[..., object], done: str) -> None:
    """Run a moderation step on each selected row; say what was done and what was refused."""
    taken, refused = 0, []
    for row in rows:
        try:
            step(row, moderator=request.user)
        except refusals.CommentError as error:
            refused.append(f"{row.pk}: {error}")
        else:
            taken += 1
    if taken:
        messages.success(request, f"{done}: {taken}.")
    for message in refused:
        messages.warning(request, message)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "excerpt",
        "author",
        "status",
        "spam_score",
        "toxic_score",
        "locked",
        "created_at",
        "moderate",
    ]
    list_filter = ["status", ("locked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["author"]
    search_fields = ["body", "author__username", "author__profile__display_name"]
    date_hierarchy = "created_at"
    actions = ["approve_selected", "lock_selected", "unlock_selected", "dismiss_selected"]

    @admin.display(description="text")
    def excerpt(self, comment: Comment) -> str:
        return comment.body[:80] + ("…" if len(comment.body) > 80 else "")

    @admin.display(description="locked", boolean=True)
    def locked(self, comment: Comment) -> bool:
        return comment.locked_at is not None

    @admin.display(description="moderation page")
    def moderate(self, comment: Comment) -> str:
        url = reverse("comments:moderate_comment", args=[comment.pk])
        return format_html('<a href="{}">moderate</a>', url)

    @admin.action(description="Approve the selected comments (shown, reports closed)")
    def approve_selected(self, request: HttpRequest, comments) -> None:
        take_step(request, comments, moderator_steps.approve, "Approved")

    @admin.action(description="Lock the selected comments' threads")
    def lock_selected(self, request: HttpRequest, comments) -> None:
        take_step(request, comments, moderator_steps.lock, "Locked")

    @admin.action(description="Unlock the selected comments' threads")
    def unlock_selected(self, request: HttpRequest, comments) -> None:
        take_step(request, comments, moderator_steps.unlock, "Unlocked")

    @admin.action(description="Dismiss the reports on the selected comments")
    def dismiss_selected(self, request: HttpRequest, comments) -> None:
        take_step(request, comments, moderator_steps.dismiss_reports, "Reports dismissed")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment_link", "reporter", "reason", "details", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["reporter"]
    search_fields = ["details", "reporter__username"]
    date_hierarchy = "created_at"

    @admin.display(description="comment")
    def comment_link(self, report: Report) -> str:
        url = reverse("comments:moderate_comment", args=[report.comment_id])
        return format_html('<a href="{}">{}</a>', url, report.comment_id)


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    """The moderation log is history: readable, never edited by hand."""

    list_display = ["at", "action", "moderator", "comment_id", "user", "reason"]
    list_filter = ["action"]
    list_select_related = ["moderator", "user"]
    search_fields = ["reason", "moderator__username", "user__username"]
    date_hierarchy = "at"


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Display names can be corrected here; suspensions and bans, which need a reason and
    a log entry, are set on the account's moderation page."""

    list_display = ["display_name", "user", "suspended_until", "banned_at", "moderate"]
    list_filter = [("banned_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["display_name", "user__username", "user__email"]
    fields = ["user", "display_name", "suspended_until", "banned_at"]
    readonly_fields = ["user", "suspended_until", "banned_at"]
    actions = ["reinstate_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # accounts are deleted with their user, which keeps their comments

    @admin.display(description="moderation page")
    def moderate(self, profile: Profile) -> str:
        url = reverse("comments:moderate_account", args=[profile.user_id])
        return format_html('<a href="{}">moderate</a>', url)

    @admin.action(description="Reinstate the selected accounts (lift suspension or ban)")
    def reinstate_selected(self, request: HttpRequest, profiles) -> None:
        users = [profile.user for profile in profiles]
        take_step(request, users, moderator_steps.reinstate, "Reinstated")
