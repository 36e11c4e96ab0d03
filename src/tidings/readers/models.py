"""What each signed-in reader keeps for themself: what they follow, what they have read or
starred, and the app passwords their feed reader apps sign in with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tidings.articles.models import Article
from tidings.enrich.models import Hashtag
from tidings.sources.models import Source
from tidings.stories.models import Story

# A follow names exactly one of these.
TARGETS = ("source", "hashtag", "story")


def exactly_one_target() -> Q:
    """Each target set while the other two are empty, or-ed together."""
    either = Q()
    for target in TARGETS:
        shape = Q(**{f"{target}__isnull": False})
        for other in TARGETS:
            if other != target:
                shape &= Q(**{f"{other}__isnull": True})
        either |= shape
    return either


class Follow(models.Model):
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    hashtag = models.ForeignKey(
        Hashtag, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=exactly_one_target(), name="follow_one_target"),
            *(
                models.UniqueConstraint(
                    fields=["reader", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_{target}_once",
                )
                for target in TARGETS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader} follows {self.target}"

    @property
    def target(self) -> Source | Hashtag | Story:
        return self.source or self.hashtag or self.story


class ArticleState(models.Model):
    """One reader's marks on one article. No row, or a row with ``read_at`` empty, is
    unread; "starred" is what the web pages call "saved for later"."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_states"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reader_states")
    read_at = models.DateTimeField(null=True, blank=True)
    starred_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reader", "article"], name="one_state_per_article")
        ]
        indexes = [
            models.Index(fields=["reader", "read_at"]),
            models.Index(fields=["reader", "starred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reader} on {self.article_id}"


class AppPassword(models.Model):
    """A password for one feed reader app, never the login password: shown once when made,
    kept only as a Django password hash, and revoked by deleting the row.

    The Fever API signs in with md5("username:password"), so that digest is kept too; the
    password is random and long, which is what makes an unsalted digest of it safe to keep.
    """

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_passwords"
    )
    label = models.CharField(max_length=100)
    password_hash = models.CharField(max_length=256)
    fever_key = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reader}: {self.label}"
