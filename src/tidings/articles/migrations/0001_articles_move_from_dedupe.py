"""Article and ArticleVersion move from the dedupe app to this one.

The tables stay where they are here; only Django's idea of which app owns them changes
(``SeparateDatabaseAndState``). 0002 then renames the tables to this app's names.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

MOVED = ["article", "articleversion"]


def claim_content_types(apps, schema_editor):
    """Admin history and permissions point at content types: keep them, under the new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="dedupe", model__in=MOVED).update(app_label="articles")


def return_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="articles", model__in=MOVED).update(app_label="dedupe")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dedupe", "0003_article_story"),
        ("sources", "0001_initial"),
        ("stories", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Article",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("guid", models.CharField(max_length=2000)),
                        ("url", models.URLField(max_length=2000)),
                        ("canonical_url", models.URLField(db_index=True, max_length=2000)),
                        ("title", models.CharField(max_length=1000)),
                        ("author", models.CharField(blank=True, max_length=500)),
                        ("language", models.CharField(blank=True, max_length=20)),
                        ("published_at", models.DateTimeField(db_index=True)),
                        ("updated_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "summary",
                            models.TextField(
                                blank=True, help_text="The feed's summary, as plain text."
                            ),
                        ),
                        (
                            "content_html",
                            models.TextField(blank=True, help_text="Sanitised body HTML."),
                        ),
                        (
                            "text",
                            models.TextField(
                                blank=True,
                                help_text="Plain text, paragraphs split by blank lines.",
                            ),
                        ),
                        (
                            "text_origin",
                            models.CharField(
                                choices=[
                                    ("feed", "the feed's own content"),
                                    ("page", "extracted from the publisher's page"),
                                    ("summary", "the feed's summary only"),
                                    ("none", "headline only"),
                                ],
                                default="none",
                                max_length=10,
                            ),
                        ),
                        ("page_error", models.CharField(blank=True, max_length=300)),
                        (
                            "page_html",
                            models.BinaryField(
                                blank=True,
                                default=b"",
                                help_text="The publisher's page, gzipped, to extract again later.",
                            ),
                        ),
                        ("copy_similarity", models.FloatField(blank=True, null=True)),
                        (
                            "minhash",
                            models.BinaryField(
                                blank=True, default=b"", help_text="MinHash signature of the text."
                            ),
                        ),
                        (
                            "image_url",
                            models.URLField(
                                blank=True, help_text="Where the publisher has it.", max_length=2000
                            ),
                        ),
                        (
                            "image",
                            models.FileField(
                                blank=True, max_length=500, upload_to="images/%Y/%m/"
                            ),
                        ),
                        ("image_caption", models.TextField(blank=True)),
                        ("image_credit", models.CharField(blank=True, max_length=300)),
                        ("entry_fingerprint", models.CharField(max_length=64)),
                        ("content_hash", models.CharField(max_length=64)),
                        (
                            "created_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now
                            ),
                        ),
                        ("modified_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "copy_of",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="copies",
                                to="articles.article",
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="articles",
                                to="sources.source",
                            ),
                        ),
                        (
                            "story",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="articles",
                                to="stories.story",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-published_at", "-id"],
                        "db_table": "dedupe_article",
                        "indexes": [
                            models.Index(
                                fields=["source", "-published_at"],
                                name="dedupe_arti_source__619c52_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("source", "guid"), name="article_unique_guid_per_source"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ArticleVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=1000)),
                        ("text", models.TextField(blank=True)),
                        ("content_html", models.TextField(blank=True)),
                        ("content_hash", models.CharField(max_length=64)),
                        ("updated_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "replaced_at",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="versions",
                                to="articles.article",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-replaced_at", "-id"],
                        "db_table": "dedupe_articleversion",
                    },
                ),
            ],
        ),
        migrations.RunPython(claim_content_types, return_content_types),
    ]
