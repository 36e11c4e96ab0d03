"""What tidings knows about each article beyond its text, and the leases of the work on it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from tidings.articles.models import Article
from tidings.enrich.aliases import display_tag, variant_key


class Hashtag(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person"
        ORGANISATION = "organisation"
        PLACE = "place"
        EVENT = "event"
        TOPIC = "topic"

    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    # One hashtag per concept: rows whose labels share ``aliases.variant_key`` ("Pot Tax",
    # "pot taxes") are merged into one; the others keep their slug, so that their pages
    # redirect to it, and lose their articles to it.
    key = models.CharField(max_length=200, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="variants"
    )

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        if not self.key:
            self.key = variant_key(self.label)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("web:hashtag", args=[self.slug])

    @property
    def tag(self) -> str:
        """The display form: "prisoners of war" becomes "#PrisonersOfWar"."""
        return display_tag(self.label)


class ArticleHashtag(models.Model):
    class Origin(models.TextChoices):
        FEED = "feed", "the feed's categories"
        TEXT = "text", "found in the text"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_hashtags")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="article_hashtags")
    score = models.FloatField(default=1.0)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.FEED)

    class Meta:
        ordering = ["-score", "hashtag__label"]
        constraints = [
            models.UniqueConstraint(fields=["article", "hashtag"], name="one_hashtag_per_article")
        ]


class ArticleAnalysis(models.Model):
    """What the enrichment stages computed for one article.

    ``stages`` maps each stage that ran to its version ("tag": 1), so that a stage whose
    code changed can find the articles it has not yet seen, and a reprocess can resume.
    A stage that cannot handle the article's language records "skipped" in ``notes``.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="analysis")
    language = models.CharField(max_length=20, blank=True)
    language_confidence = models.FloatField(null=True, blank=True)
    summary = models.JSONField(default=list, blank=True)  # [{"text", "start", "end"}]
    facts = models.JSONField(default=list, blank=True)  # [{"value", "unit", "what", ...}]
    embedding = models.BinaryField(null=True, blank=True)  # float32, little-endian
    embedding_backend = models.CharField(max_length=40, blank=True)
    # float16, one row of 384 per sentence of ``embeddings.stored_sentence_texts``
    sentence_vectors = models.BinaryField(null=True, blank=True)
    stages = models.JSONField(default=dict, blank=True)
    notes = models.JSONField(default=dict, blank=True)  # stage -> why it did not run
    # Every stage has run: the pending query reads this (through a partial index of the
    # few incomplete rows) instead of every row's ``stages``.
    complete = models.BooleanField(default=False)
    # Enrichment runs that took this article without completing it: a crash or a failing
    # stage. After a few, the article is left for `tidings reprocess`, so that a poisoned
    # batch cannot hold up the articles behind it every minute forever.
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["article"], name="analysis_incomplete", condition=Q(complete=False)
            )
        ]

    def __str__(self) -> str:
        return f"analysis of {self.article_id}"


class ReprocessJob(models.Model):
    """A `tidings reprocess STAGE` run: where it got to, so that it resumes after a kill."""

    stage = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_article_id = models.BigIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]


class Lease(models.Model):
    """Work that one process at a time may do ("enrich"), held until ``expires_at``.

    A holder renews its lease while it works and releases it when done; a holder that was
    killed leaves a lease that runs out by itself within minutes (tidings.enrich.leases).
    """

    name = models.CharField(max_length=100, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder or 'nobody'} until {self.expires_at}"
