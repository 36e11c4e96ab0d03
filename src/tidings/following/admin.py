"""Readers' feed suggestions in the admin: an operator approves one, which adds the feed
through the same service as ``tidings sources add`` (fetched and read once, refused with
the reason when it is not a feed), or refuses it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tidings.following.models import FeedSuggestion
from tidings.sources.services import SubscribeError, subscribe


def approve_suggestion(suggestion: FeedSuggestion) -> str:
    """Add the suggested feed as a source; answers "" or why it could not be added (kept on
    the suggestion, which then still waits)."""
    try:
        source, _ = subscribe(suggestion.url)
    except SubscribeError as error:
        suggestion.error = str(error)
        suggestion.save(update_fields=["error"])
        return suggestion.error
    suggestion.status = FeedSuggestion.Status.APPROVED
    suggestion.source, suggestion.error, suggestion.decided_at = source, "", timezone.now()
    suggestion.save(update_fields=["status", "source", "error", "decided_at"])
    return ""


@admin.register(FeedSuggestion)
class FeedSuggestionAdmin(admin.ModelAdmin):
    list_display = ("url", "reader", "note", "status", "error", "created_at")
    list_filter = ("status",)
    search_fields = ("url", "note", "reader__username")
    readonly_fields = (
        "url",
        "reader",
        "note",
        "status",
        "error",
        "source",
        "created_at",
        "decided_at",
    )
    actions = ("approve", "refuse")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Approve: add the feed as a source")
    def approve(self, request: HttpRequest, suggestions: QuerySet[FeedSuggestion]) -> None:
        for suggestion in suggestions.exclude(status=FeedSuggestion.Status.APPROVED):
            error = approve_suggestion(suggestion)
            if error:
                self.message_user(request, error, messages.ERROR)
            else:
                self.message_user(request, f"Added {suggestion.source}.", messages.SUCCESS)

    @admin.action(description="Refuse")
    def refuse(self, request: HttpRequest, suggestions: QuerySet[FeedSuggestion]) -> None:
        count = suggestions.filter(status=FeedSuggestion.Status.WAITING).update(
            status=FeedSuggestion.Status.REFUSED, decided_at=timezone.now()
        )
        self.message_user(request, f"Refused {count} suggestion{'s' if count != 1 else ''}.")
