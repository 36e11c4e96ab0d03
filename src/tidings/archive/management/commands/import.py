"""`tidings import FILE.jsonl [--with-people]`"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

from django.core.management.base import BaseCommand
from django.db import connection

from tidings.archive.load import load
from tidings.jsonl import InputLine, iter_input
from tidings.progress import progress

LOG_EVERY = 50_000


class Command(BaseCommand):
    help = (
        "Add what a `tidings export` file holds and this site lacks; importing a file again "
        "adds nothing, and an interrupted import run again goes on where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="a .jsonl file, or - for standard input")
        parser.add_argument(
            "--with-people",
            action="store_true",
            help="also import the file's accounts and comments",
        )

    def handle(self, *args, input, with_people, **options):
        def report(number: int, problem: str) -> None:
            # Lines that are not JSON come with their number already in the problem.
            named = problem.startswith(f"line {number} ")
            self.stderr.write(problem if named else f"line {number}: {problem}")

        lines = iter_input(input)
        if sys.stderr.isatty():
            lines = progress(lines, desc="import", unit=" lines")
        else:
            lines = self.logged(lines)
        tally = load(lines, with_people=with_people, report=report)
        self.stderr.write(tally.summary())
        if tally.created:
            # The query planner's statistics predate the rows just loaded: without new
            # ones it may, say, scan and sort where an index would serve.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if tally.failures:
            self.stderr.write(f"{tally.failures} lines could not be imported.")
            sys.exit(1)

    def logged(self, lines: Iterator[InputLine]) -> Iterator[InputLine]:
        """The lines, with a line on standard error every LOG_EVERY of them: progress for a
        long import whose standard error goes to a log rather than a terminal."""
        started = time.monotonic()
        for count, line in enumerate(lines, start=1):
            if count % LOG_EVERY == 0:
                minutes = max(time.monotonic() - started, 1) / 60
                self.stderr.write(f"import: {count:,} lines, {count / minutes:,.0f} a minute")
            yield line
