"""`tidings dedupe FILE.jsonl`: which articles in the file are copies of an earlier one.

Each line gets ``{"id", "copy_of", "similarity"}``: the id of the earliest article in the
file that it copies, and how much of the shorter text the longer one repeats; both are
null for an original, and for a text under 50 words, which is never called a copy.
Articles are taken in time order (``published``, then line order); a line without a date
keeps its place after the line before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tidings.dedupe.copy_index import THRESHOLD, CopyRecord, find_copies
from tidings.jsonl import JsonlCommand, RecordError, Result, parse_published

# Lines before the first dated line sort first.
EARLIEST = datetime.min.replace(tzinfo=UTC)


class Command(JsonlCommand):
    help = (
        "Find syndicated copies in a JSON Lines file of articles: each line gets the id of "
        "the earliest article it copies and the similarity, or nulls."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--threshold",
            type=float,
            default=THRESHOLD,
            help=f"share of the shorter text the longer must repeat (default {THRESHOLD})",
        )

    def process(self, records: Sequence[dict[str, Any]], **options) -> list[Result]:
        results: list[Result | None] = [None] * len(records)
        copy_records = []
        previous = EARLIEST
        for position, record in enumerate(records):
            try:
                published = parse_published(record.get("published"))
                text = record.get("text") or ""
                if not isinstance(text, str):
                    raise RecordError("text must be a string")
            except RecordError as error:
                results[position] = error
                continue
            previous = published or previous
            copy_records.append(CopyRecord(position, previous, text))

        links = find_copies(copy_records, threshold=options["threshold"])
        for position, link in links.items():
            if link.copy_of is None:
                results[position] = {"copy_of": None, "similarity": None}
            else:
                results[position] = {
                    "copy_of": records[link.copy_of].get("id"),
                    "similarity": round(link.similarity or 0.0, 4),
                }
        return [result for result in results if result is not None]
