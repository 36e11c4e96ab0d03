"""Article and ArticleVersion now belong to the articles app (its 0001 took them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dedupe", "0003_article_story"),
        ("articles", "0001_articles_move_from_dedupe"),
        ("comments", "0003_article_moved_to_articles"),
        ("enrich", "0003_article_moved_to_articles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ArticleVersion"),
                migrations.DeleteModel(name="Article"),
            ],
        ),
    ]
