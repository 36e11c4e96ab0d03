"""Names taken from feed titles before the parser unescaped "\\/" ("24\\/7 Wall St.")."""

from django.db import migrations

from tidings.parse.text import feed_name


def repair(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    for source in Source.objects.filter(name__contains="\\/").only("id", "name"):
        source.name = feed_name(source.name)
        source.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("sources", "0002_fetch_notes")]
    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
