"""`tidings status [--json]`: the figures of /metrics, for a person at a terminal."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.db import connection

from tidings.cli import describe_database
from tidings.web.site_status import OK, SiteStatus, read_status


class Command(BaseCommand):
    help = (
        "The site's state now: database, queue depth and age, vector index, sources due and "
        "failing, fetches of the last hour, articles waiting at each stage, clustering lag. "
        "Exits 1 when a part fails."
    )
    # Django's checks import every view: seconds of start-up for a command that serves nothing.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="one JSON object instead"
        )

    def handle(self, *args, as_json: bool = False, **options):
        status = read_status()
        if as_json:
            self.stdout.write(json.dumps(status.as_dict(), sort_keys=True))
        else:
            self.stdout.write(in_words(status, describe_database(connection.settings_dict)))
        if {status.database, status.queue, status.vector_index} != {OK}:
            raise SystemExit(1)


def in_words(status: SiteStatus, database: str) -> str:
    rows = [("database", f"{status.database} ({database})")]
    if status.queue == OK:
        waited = status.queue_oldest_seconds
        oldest = "" if waited is None else f", the oldest for {duration(waited)}"
        rows.append(("queue", f"{count(status.queue_depth or 0, 'task')} waiting{oldest}"))
    else:
        rows.append(("queue", status.queue))
    if status.vector_index == OK:
        rows.append(("vector index", f"{count(status.vector_index_size or 0, 'article')}"))
    else:
        rows.append(("vector index", status.vector_index))
    if status.database == OK:
        rows += database_rows(status)
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {text}" for name, text in rows)


def database_rows(status: SiteStatus) -> list[tuple[str, str]]:
    fetches = ", ".join(
        f"{number:,} {outcome}" for outcome, number in sorted(status.fetches_last_hour.items())
    )
    waiting = ", ".join(f"{stage} {number:,}" for stage, number in status.articles_waiting.items())
    lag = status.clustering_lag_seconds
    return [
        (
            "sources",
            f"{status.sources_active:,} active, {status.sources_due:,} due, "
            f"{status.sources_failing:,} failing",
        ),
        ("fetches", f"last hour: {fetches or 'none'}"),
        (
            "articles",
            f"{status.articles_stored:,} stored, {status.articles_in_stories:,} in stories, "
            f"{status.articles_given_up:,} given up (see `tidings reprocess`)",
        ),
        ("waiting", waiting),
        ("clustering lag", "none waiting" if lag is None else duration(lag)),
    ]


def count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
