"""Leases that expire instead of Huey's lock; ``complete`` and ``attempts`` on each
analysis, so that an article a run left half done is pending again.

Analyses that every stage has seen are marked complete here, or the whole archive would
be enriched again after the upgrade."""

from django.db import migrations, models


# The stages as they stand at this migration; later stages mark their own.
STAGES = ["language", "dedupe", "tag", "summarize", "facts", "embed"]


def mark_complete(apps, schema_editor):
    analyses = apps.get_model("enrich", "ArticleAnalysis")
    analyses.objects.filter(stages__has_keys=STAGES).update(complete=True)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0002_articles_own_tables'),
        ('enrich', '0003_article_moved_to_articles'),
    ]

    operations = [
        migrations.CreateModel(
            name='Lease',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
                ('holder', models.CharField(blank=True, max_length=200)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.AddField(
            model_name='articleanalysis',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='articleanalysis',
            name='complete',
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_complete, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='articleanalysis',
            index=models.Index(condition=models.Q(('complete', False)), fields=['article'], name='analysis_incomplete'),
        ),
    ]
