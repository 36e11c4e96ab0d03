"""Articles, one row per story a source published, and their earlier versions."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tidings.articles.thumbnails import Picture, picture
from tidings.sources.models import Source


class Article(models.Model):
    class TextOrigin(models.TextChoices):
        FEED = "feed", "the feed's own content"
        PAGE = "page", "extracted from the publisher's page"
        SUMMARY = "summary", "the feed's summary only"
        NONE = "none", "headline only"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    guid = models.CharField(max_length=2000)
    url = models.URLField(max_length=2000)
    canonical_url = models.URLField(max_length=2000, db_index=True)
    title = models.CharField(max_length=1000)
    author = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=20, blank=True)
    published_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    summary = models.TextField(blank=True, help_text="The feed's summary, as plain text.")
    content_html = models.TextField(blank=True, help_text="Sanitised body HTML.")
    text = models.TextField(blank=True, help_text="Plain text, paragraphs split by blank lines.")
    text_origin = models.CharField(max_length=10, choices=TextOrigin.choices, default="none")
    page_error = models.CharField(max_length=300, blank=True)

    page_html = models.BinaryField(
        blank=True, default=b"", help_text="The publisher's page, gzipped, to extract again later."
    )
    # Syndicated copies: this article is (nearly) the same text as an earlier one.
    copy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    copy_similarity = models.FloatField(null=True, blank=True)
    # The event it reports, decided by the clusterer once the article is enriched.
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    minhash = models.BinaryField(
        blank=True, default=b"", help_text="MinHash signature of the text."
    )

    image_url = models.URLField(
        max_length=2000, blank=True, help_text="Where the publisher has it."
    )
    image = models.FileField(upload_to="images/%Y/%m/", blank=True, max_length=500)
    image_caption = models.TextField(blank=True)
    image_credit = models.CharField(max_length=300, blank=True)
    # Filled by articles.images once the picture is downloaded and resized; until then
    # pages show none.
    image_width = models.PositiveIntegerField(default=0)
    image_height = models.PositiveIntegerField(default=0)
    image_thumbnails = models.JSONField(
        default=list, blank=True, help_text="[{width, height, name}] of the resized copies."
    )
    image_note = models.CharField(
        max_length=300, blank=True, help_text="Why the lead image is not shown, if it is not."
    )

    # What the feed said last time, so that an unchanged entry costs no page fetch.
    entry_fingerprint = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], name="article_unique_guid_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["source", "-published_at"], name="article_source_published"),
            # A story's newest article (the home page shows a story once, by it).
            models.Index(fields=["story", "-published_at"], name="article_story_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:article", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]

    @property
    def picture(self) -> Picture | None:
        """The lead picture with its caption and credit; None until it has been resized."""
        return picture(
            self.image_thumbnails, default_storage.url, self.image_caption, self.image_credit
        )

    @property
    def has_full_text(self) -> bool:
        return self.text_origin in {self.TextOrigin.FEED, self.TextOrigin.PAGE}


class ArticleVersion(models.Model):
    """An article as it stood before the publisher changed it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=1000)
    text = models.TextField(blank=True)
    content_html = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]
