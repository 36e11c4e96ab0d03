"""The feeds the operator subscribed to, and a log of every fetch."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import models
from django.utils import timezone


class Source(models.Model):
    url = models.URLField("feed URL", max_length=2000, unique=True)
    name = models.CharField(max_length=300, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    description = models.TextField(blank=True)
    language = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    fetch_pages = models.BooleanField(
        default=True,
        help_text="Fetch each article's page for its full text when the feed has only a summary.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Scheduling and conditional GET.
    fetch_interval = models.PositiveIntegerField(default=1800, help_text="Seconds between fetches.")
    next_fetch_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    # Health, as the last fetch left it.
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error_code = models.CharField(max_length=50, blank=True)
    last_error = models.TextField(blank=True)
    last_note = models.TextField(
        blank=True, help_text="What the last good fetch left out, and why (see the fetch log)."
    )

    class Meta:
        ordering = ["name", "id"]
        # /sources/ lists them by name, a page at a time.
        indexes = [models.Index(fields=["name", "id"], name="source_by_name")]

    def __str__(self) -> str:
        return self.name or self.url

    @property
    def display_name(self) -> str:
        return self.name or self.url

    @property
    def initials(self) -> str:
        """What stands in for a picture on its articles' cards: "The Japan Times" → "JT",
        "NHK" → "NHK", "Emag.co.uk" → "EM"."""
        name = self.name or urlsplit(self.url).hostname or "?"
        if " " not in name:  # a site's address for a name: its first label
            name = name.removeprefix("www.").split(".")[0]
        words = [word for word in re.findall(r"\w+", name) if word.lower() != "the"]
        words = [word for word in words if word[0].isalpha()] or words
        if not words:
            return name[:1]
        if len(words) == 1:
            word = words[0]
            return word if word.isupper() and len(word) <= 3 else word[:2]
        return words[0][0] + words[1][0]

    @property
    def healthy(self) -> bool:
        return self.error_count == 0

    @property
    def health(self) -> str:
        if self.last_fetched_at is None:
            return "never fetched"
        if self.error_count == 0:
            return f"ok, but {self.last_note}" if self.last_note else "ok"
        return f"failing ({self.error_count}x): {self.last_error_code}"


class FetchLog(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fetches")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    duration_ms = models.PositiveIntegerField(default=0)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    bytes = models.PositiveIntegerField(default=0)
    new_articles = models.PositiveIntegerField(default=0)
    updated_articles = models.PositiveIntegerField(default=0)
    duplicate_guids = models.PositiveIntegerField(
        default=0, help_text="Items dropped for repeating an earlier item's GUID."
    )
    entries_left = models.PositiveIntegerField(
        default=0, help_text="New or changed items left for the next fetch: time ran out."
    )
    note = models.TextField(blank=True, help_text="What this fetch left out, and why.")
    error_code = models.CharField(max_length=50, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        outcome = self.error_code or f"{self.new_articles} new"
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M}: {outcome}"

    @property
    def duration(self) -> timedelta:
        return timedelta(milliseconds=self.duration_ms)
