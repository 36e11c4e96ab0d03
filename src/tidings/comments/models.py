"""Readers' comments on articles, their display names, and the log of what moderators did."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tidings.dedupe.models import Article


class Profile(models.Model):
    """What a reader shows of themselves: a display name beside the login name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=60)

    def __str__(self) -> str:
        return self.display_name


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible"
        HELD = "held"  # waits for a moderator; only its author and staff see it
        HIDDEN = "hidden"  # taken down by a moderator; only staff see it
        DELETED = "deleted"  # removed by its author; shown as "[deleted]" so replies keep a parent

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # An account deleted by its owner leaves its comments behind, shown as "[deleted]".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(help_text="Markdown, as the author wrote it.")
    body_html = models.TextField(help_text="The sanitised rendering of body.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    spam_score = models.FloatField(default=0.0)
    toxic_score = models.FloatField(default=0.0)
    moderation_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "status", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.pk} on article {self.article_id}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"


class ModerationAction(models.Model):
    """Who did what to which comment or account, when and why; rows are never edited."""

    class Action(models.TextChoices):
        HOLD = "hold"  # the scorer held a new comment (moderator is then empty)
        APPROVE = "approve"
        HIDE = "hide"
        DELETE = "delete"

    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_received",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_taken",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"
