import time

from django.core.management.base import BaseCommand, CommandError

from tidings.pipeline import refresh_sources, understand_pending
from tidings.progress import progress
from tidings.sources.models import Source
from tidings.sources.services import due_source_ids

POLL_SECONDS = 30
SOURCE_WORKERS = 4


class Command(BaseCommand):
    help = (
        "Fetch sources. With --once, fetch every active source (or the one named) now, run "
        "the whole pipeline on their new articles and return; without it, keep fetching "
        "each source when it is due until interrupted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, metavar="ID", help="only this source")
        parser.add_argument("--once", action="store_true", help="fetch now, then return")

    def handle(self, *args, source=None, once=False, **options):
        if source is not None and not Source.objects.filter(pk=source).exists():
            raise CommandError(f"No source with id {source}; `tidings sources list` shows them.")
        if once:
            ids = (
                [source]
                if source is not None
                else list(Source.objects.filter(active=True).values_list("id", flat=True))
            )
            if not ids:
                raise CommandError("No active sources. Add one with `tidings sources add URL`.")
            failed = self.fetch_all(ids)
            self.enrich()
            if failed:
                raise CommandError(f"{failed} of {len(ids)} sources failed; see above.")
            return
        self.stdout.write("Fetching sources as they fall due; Ctrl-C stops.")
        try:
            while True:
                due = due_source_ids()
                if source is not None:
                    due = [source_id for source_id in due if source_id == source]
                if due:
                    self.fetch_all(due)
                    self.enrich()
                time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def enrich(self) -> None:
        enriched, grouped = understand_pending()
        if enriched or grouped:
            self.stdout.write(
                f"Enriched {enriched} articles (language, copies, hashtags, ...) "
                f"and grouped {grouped} into stories."
            )

    def fetch_all(self, ids: list[int]) -> int:
        failed = 0
        logs = refresh_sources(ids, workers=min(SOURCE_WORKERS, len(ids)))
        for log in progress(logs, desc="fetching", unit="source", total=len(ids)):
            if log is None:
                self.stdout.write("a source was skipped (paused, or another worker has it)")
                continue
            name = log.source.display_name
            seconds = log.duration_ms / 1000
            if log.error_code:
                failed += 1
                self.stdout.write(
                    self.style.ERROR(f"{name}: {log.error_code}: {log.error} ({seconds:.1f} s)")
                )
            else:
                self.stdout.write(
                    f"{name}: {log.new_articles} new, {log.updated_articles} updated "
                    f"(HTTP {log.status}, {seconds:.1f} s)"
                )
        return failed
