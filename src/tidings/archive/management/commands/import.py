"""`tidings import FILE.jsonl [--with-people]`"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.db import connection

from tidings.archive.load import load
from tidings.jsonl import iter_input
from tidings.progress import progress


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

        lines = progress(iter_input(input), desc="import", unit=" lines")
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
