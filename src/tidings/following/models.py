"""What the web side of following keeps beside ``tidings.readers``: each reader's choices
(the daily digest, the private address of their "For you" feed) and the feeds readers
suggest for an operator to approve."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tidings.sources.models import Source


class ReaderChoices(models.Model):
    reader = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_choices"
    )
    daily_digest = models.BooleanField(
        default=False, help_text="Mail the followed stories of the last day, once a day."
    )
    digest_sent_on = models.DateField(null=True, blank=True)
    # The secret in the "For you" feed's address; empty while the reader has none.
    feed_token = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name_plural = "reader choices"

    def __str__(self) -> str:
        return f"choices of {self.reader}"


class FeedSuggestion(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "waiting"
        APPROVED = "approved", "approved"
        REFUSED = "refused", "refused"

    url = models.URLField(max_length=2000)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="feed_suggestions",
    )
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # Why approving failed (the feed could not be fetched or read), in words.
    error = models.TextField(blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "url"], name="suggest_a_feed_once_per_reader")
        ]

    def __str__(self) -> str:
        return self.url
