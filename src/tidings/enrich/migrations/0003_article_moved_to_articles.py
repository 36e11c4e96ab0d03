"""Point at Article in its new app; the column and its foreign key stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_articles_move_from_dedupe"),
        ("enrich", "0002_reprocessjob_articleanalysis"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="articlehashtag",
                    name="article",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="article_hashtags",
                        to="articles.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="articleanalysis",
                    name="article",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="analysis",
                        to="articles.article",
                    ),
                ),
            ],
        ),
    ]
