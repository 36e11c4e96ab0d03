import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tidings.articles.images import make_pending_pictures
from tidings.pipeline import refresh_sources, understand_pending
from tidings.progress import progress
from tidings.sources.models import Source
from tidings.sources.services import claimed_elsewhere, due_source_ids

POLL_SECONDS = 30
SOURCE_WORKERS = 4
# `fetch --once` waits this long for sources another process is fetching.
WAIT_AT_MOST = timedelta(minutes=15)


class Command(BaseCommand):
    help = (
        "Fetch sources. With --once, fetch every active source (or the one named) now, run "
        "the whole pipeline on their new articles and return (sources another process is "
        "fetching are waited for); without it, keep fetching "
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
            failed, held = self.fetch_now(ids)
            self.enrich()
            problems = []
            if failed:
                problems.append(f"{failed} of {len(ids)} sources failed; see above.")
            if held:
                problems.append(
                    f"{len(held)} of {len(ids)} sources were not fetched: another process "
                    f"kept them for over {WAIT_AT_MOST.total_seconds() / 60:g} minutes "
                    f"(ids {', '.join(map(str, sorted(held)))})."
                )
            if problems:
                raise CommandError(" ".join(problems))
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
        make_pending_pictures()
        enriched, grouped = understand_pending()
        if enriched or grouped:
            self.stdout.write(
                f"Enriched {enriched} articles (language, copies, hashtags, ...) "
                f"and grouped {grouped} into stories."
            )

    def fetch_now(self, ids: list[int]) -> tuple[int, set[int]]:
        """Fetch every one of these sources now. Those another process is fetching are
        waited for, then fetched: a live fetch releases its claim when done, and a killed
        one's claim runs out within minutes (CLAIM_FOR). Returns how many failed and
        which were still held by others after WAIT_AT_MOST."""
        failed, fetched = 0, set()
        give_up = time.monotonic() + WAIT_AT_MOST.total_seconds()
        while True:
            todo = set(Source.objects.filter(pk__in=ids, active=True).values_list("id", flat=True))
            todo -= fetched
            held = claimed_elsewhere(sorted(todo))
            free = sorted(todo - set(held))
            if free:
                more_failed, done = self.fetch_all(free)
                failed, fetched = failed + more_failed, fetched | done
                continue
            if not held or time.monotonic() >= give_up:
                return failed, set(held)
            until = max(held.values())
            self.stdout.write(
                f"Waiting for {len(held)} sources another process is fetching (ids "
                f"{', '.join(map(str, sorted(held)))}); a claim left by a stopped process "
                f"runs out by {timezone.localtime(until):%H:%M:%S}."
            )
            seconds = (until - timezone.now()).total_seconds() + 0.5
            time.sleep(min(max(seconds, 0.5), POLL_SECONDS, give_up - time.monotonic() + 0.5))

    def fetch_all(self, ids: list[int]) -> tuple[int, set[int]]:
        """Fetch these sources once; returns how many failed and which were fetched."""
        failed, fetched = 0, set()
        logs = refresh_sources(ids, workers=min(SOURCE_WORKERS, len(ids)))
        for log in progress(logs, desc="fetching", unit="source", total=len(ids)):
            if log is None:
                self.stdout.write("a source was skipped (paused, or another worker has it)")
                continue
            fetched.add(log.source_id)
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
        return failed, fetched
