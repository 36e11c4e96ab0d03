"""The full-text index of the articles and its triggers (see ``tidings.search.schema``)."""

from django.db import migrations

from tidings.search import schema


def install(apps, schema_editor):
    schema.install(schema_editor.connection)
    schema.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_articles_own_tables")]
    operations = [migrations.RunPython(install, uninstall)]
