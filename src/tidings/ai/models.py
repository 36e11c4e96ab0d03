"""What the AI panel computed, kept so that a page shows it without computing it again.

A story's result (and its answer to each question asked) is valid for one version of the
story: the set of its articles and the content each had (``version_key``). A new article,
a removed one or an edited text gives a new key, and the next reader gets a fresh result.
A day's wrap-up is kept once the day is over and never changes after, unless it is made
again on purpose.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AiResult(models.Model):
    class Kind(models.TextChoices):
        SUMMARY = "summary", "story summary"
        FIVE_W = "five-w", "key facts (5W1H)"
        TIMELINE = "timeline", "dated developments"
        COVERAGE = "coverage", "coverage compared"
        CHANGES = "changes", "the publishers' edits"
        ANSWER = "answer", "a reader's question answered"

    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="ai_results")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # An answer's question, normalised (``questions.normalised``); empty for the others.
    question = models.CharField(max_length=300, blank=True, default="")
    version_key = models.CharField(max_length=64)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["story", "kind", "question"], name="ai_result_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of story {self.story_id}"


class WrapUp(models.Model):
    date = models.DateField(unique=True)
    payload = models.JSONField()
    # A wrap-up made while its day was still running is made again when asked later.
    final = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"wrap-up of {self.date}"
