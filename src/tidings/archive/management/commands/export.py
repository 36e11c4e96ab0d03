"""`tidings export [--since DATE] [--with-people] > FILE.jsonl`"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from tidings.archive.export import export
from tidings.jsonl import RecordError, parse_published


class Command(BaseCommand):
    help = (
        "Write sources, hashtags, stories and articles (with their versions and hashtags) "
        "as JSON Lines to standard output, for `tidings import`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="only the articles and stories changed since this ISO 8601 date",
        )
        parser.add_argument(
            "--with-people",
            action="store_true",
            help="also accounts (with their password hashes) and comments",
        )

    def handle(self, *args, since, with_people, **options):
        try:
            moment = parse_published(since)
        except RecordError as error:
            raise CommandError(f"--since: {error}") from None
        written = export(self.stdout, since=moment, with_people=with_people)
        self.stdout.flush()
        sys.stderr.write(f"{written} lines written.\n")
