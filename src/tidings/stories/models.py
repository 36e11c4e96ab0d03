"""Stories: the articles of many outlets that report one event.

A story's number is the one the clusterer gave it, so that the clusterer can be rebuilt
from the stored articles after a restart and go on numbering where it stopped. The
counts and times are kept up to date as articles join, for the front page to rank by.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class Story(models.Model):
    id = models.BigIntegerField(primary_key=True)
    title = models.CharField(max_length=1000, help_text="Its most representative headline.")
    first_published = models.DateTimeField(null=True, blank=True)
    last_published = models.DateTimeField(null=True, blank=True, db_index=True)
    article_count = models.PositiveIntegerField(default=0)
    outlet_count = models.PositiveIntegerField(default=0, help_text="Distinct sources.")
    # Set when the clusterer found this story to be the same event as another one: links
    # to it redirect to the survivor, and its articles have moved there.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A story that came in through `tidings import`: its address on the site that grouped
    # it, so that importing the same file again finds it instead of making a second one.
    origin = models.CharField(max_length=2000, blank=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_published", "-id"]
        indexes = [models.Index(fields=["merged_into", "-last_published"])]
        constraints = [
            models.UniqueConstraint(
                fields=["origin"], condition=~models.Q(origin=""), name="story_unique_origin"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:story", args=[self.pk])


class ClusteringState(models.Model):
    """The one row that makes clustering a single writer across every worker.

    A process clusters only while it holds the claim (``claimed_until`` in the future,
    taken with a conditional UPDATE). ``generation`` counts the runs that changed stories:
    a process whose clusterer in memory was built at an older generation rebuilds it from
    the stored articles before deciding anything, because another process decided since.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    generation = models.BigIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"clustering at generation {self.generation}"
