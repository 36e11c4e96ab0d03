"""The moved tables take this app's names; foreign keys to them follow on both databases."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_articles_move_from_dedupe"),
        ("dedupe", "0004_articles_moved_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="article", table=None),
        migrations.AlterModelTable(name="articleversion", table=None),
        migrations.RenameIndex(
            model_name="article",
            new_name="article_source_published",
            old_name="dedupe_arti_source__619c52_idx",
        ),
    ]
