from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidings.sources.models import Source
from tidings.sources.opml import OpmlError


class Command(BaseCommand):
    # Django's checks import every view (the URL check): seconds of start-up for a command
    # that serves nothing. `tidings check` still runs them.
    requires_system_checks: list[str] = []
    # The fetcher and the feed parser (sources.services) are imported by the actions that
    # fetch, so that `list` and `remove` start in a fraction of a second.
    help = "Manage the feeds tidings follows: add, list, remove, import (OPML), export (OPML)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help="follow a feed, or the feed a site's page names")
        add.add_argument("url", help="the feed's address, or a page that names its feed")
        add.add_argument("--name", default="", help="a name to show instead of the feed's title")
        actions.add_parser("list", help="every source with its health")
        remove = actions.add_parser("remove", help="stop following a source and drop its articles")
        remove.add_argument("id", type=int, help="its id in `tidings sources list`")
        imported = actions.add_parser("import", help="follow every feed of an OPML file")
        imported.add_argument("file", help="the OPML file, as feed readers export it")
        actions.add_parser("export", help="write the sources as OPML to standard output")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, url, name="", **options):
        if not url.startswith(("http://", "https://")):
            raise CommandError(f"{url!r} is not an http(s) URL.")
        from tidings.sources.services import SubscribeError, subscribe

        try:
            source, created = subscribe(url, name=name)
        except SubscribeError as error:
            raise CommandError(str(error)) from None
        if not created:
            self.stdout.write(
                f"{source.display_name} ({source.url}) is already followed, as id {source.pk}."
            )
            return
        self.stdout.write(
            f"Added {source.display_name} ({source.url}), id {source.pk}; first fetch as soon "
            f"as `tidings run` or `tidings worker` runs, or now with "
            f"`tidings fetch --once --source {source.pk}`."
        )

    def handle_list(self, **options):
        sources = list(Source.objects.order_by("id"))
        if not sources:
            self.stdout.write("No sources yet. Add one with `tidings sources add URL`.")
            return
        self.stdout.write(f"{'id':>5}  {'active':6}  {'articles':>8}  {'health':<32}  name / url")
        for source in sources:
            count = source.articles.count()
            active = "yes" if source.active else "no"
            self.stdout.write(
                f"{source.pk:>5}  {active:6}  {count:>8}  {source.health[:32]:<32}  "
                f"{source.display_name}\n{'':>59}{source.url}"
            )

    def handle_remove(self, id, **options):
        source = Source.objects.filter(pk=id).first()
        if source is None:
            raise CommandError(f"No source with id {id}; `tidings sources list` shows them.")
        count = source.articles.count()
        source.delete()
        self.stdout.write(f"Removed {source.display_name} and its {count} articles.")

    def handle_import(self, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        from tidings.sources.services import import_opml

        try:
            created, existing = import_opml(data)
        except OpmlError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from None
        self.stdout.write(f"Added {len(created)} sources; {existing} were there already.")

    def handle_export(self, **options):
        from tidings.sources.services import export_opml

        self.stdout.write(export_opml().decode(), ending="")
