"""Readers' comments on articles, their display names, and the log of what moderators did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from tidings.articles.models import Article
from tidings.stories.models import Story


class Profile(models.Model):
    """What a reader shows of themselves: a display name beside the login name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=60)
    # A suspended account reads but cannot post until the time given; a banned one never.
    suspended_until = models.DateTimeField(null=True, blank=True)
    banned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Names shown beside comments: one reader cannot pass as another, "ada" as "Ada".
        constraints = [models.UniqueConstraint(Lower("display_name"), name="unique_display_name")]

    def __str__(self) -> str:
        return self.display_name


class PendingSignup(models.Model):
    """A sign-up waiting for its address to be confirmed: the account is made from it when
    the link mailed to ``email`` is opened. Names are not reserved meanwhile, so a mistyped
    address holds nothing back; whoever confirms first gets a name."""

    username = models.CharField(max_length=150)
    display_name = models.CharField(max_length=60)
    email = models.EmailField()
    password = models.CharField(max_length=128, help_text="The password's hash, as on User.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"pending sign-up of {self.username}"


class ApiToken(models.Model):
    """A personal token for the JSON API, made on the account page. Only its SHA-256 is
    kept: the token itself is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        max_length=8, help_text="The token's first letters, to tell them apart."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… of {self.user_id}"


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible"
        HELD = "held"  # waits for a moderator; only its author and staff see it
        HIDDEN = "hidden"  # taken down by a moderator; only staff see it
        DELETED = "deleted"  # removed by its author; shown as "[deleted]" so replies keep a parent

    # Every comment is on one article or on one story.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
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
    # A locked comment takes no more replies, anywhere below it.
    locked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["story", "status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__isnull=False, story__isnull=True)
                | models.Q(article__isnull=True, story__isnull=False),
                name="comment_on_article_or_story",
            )
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on article {self.article_id}"

    @property
    def target(self) -> Article | Story:
        """The article or story this comment is on."""
        return self.article if self.article_id is not None else self.story

    def get_absolute_url(self) -> str:
        return f"{self.target.get_absolute_url()}#comment-{self.pk}"


class Report(models.Model):
    """A reader's report of a comment, waiting in the moderation queue until resolved."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Harassment or hate"
        OFF_TOPIC = "off_topic", "Off topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_resolved",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self) -> str:
        return f"report of comment {self.comment_id}: {self.reason}"


class ModerationAction(models.Model):
    """Who did what to which comment or account, when and why; rows are never edited."""

    class Action(models.TextChoices):
        HOLD = "hold"  # the scorer held a new comment (moderator is then empty)
        APPROVE = "approve"
        HIDE = "hide"
        DELETE = "delete"
        LOCK = "lock"
        UNLOCK = "unlock"
        DISMISS = "dismiss"  # reports on a comment found to be fine
        SUSPEND = "suspend"
        BAN = "ban"
        REINSTATE = "reinstate"  # a suspension or ban lifted

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


class RateCounter(models.Model):
    """Hits of one rate-limit key (an account or an address, and an action) in one fixed
    window, so that limits hold across every web process; Redis holds them instead when
    it is configured."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField(help_text="Unix time the window began.")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_counter_per_window")
        ]
        indexes = [models.Index(fields=["window_start"])]
