"""Reading an export file back (`tidings import`): in constant memory, resumable and
idempotent.

Lines are taken in batches of consecutive lines of one type; each batch is one transaction
that resolves its references by natural key (``records``) with a few queries and inserts
what is missing in bulk. A killed import therefore loses at most its last batch, and running
it again skips what is stored and adds the rest; running it twice adds nothing. A line that
cannot be imported is reported with its number and the others go on; when a batch fails in
the database, its lines are tried one by one so that only the bad one is lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, islice
from typing import Any

from django.db import DatabaseError, transaction

from tidings.archive import records
from tidings.archive.load_articles import import_articles
from tidings.archive.load_stories import import_hashtags, import_sources, import_stories
from tidings.jsonl import InputLine, RecordError

BATCH = 500

# Each takes a batch of records and returns, for each, an error or whether it was created
# (True) or found stored already (False).
Outcome = RecordError | bool
Importer = Callable[[list[dict[str, Any]]], list[Outcome]]


@dataclass
class Tally:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    failures: int = 0
    stories_created: bool = False

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.existing))
        parts = [f"{kind}: {self.created[kind]} new, {self.existing[kind]} there" for kind in kinds]
        return "; ".join(parts) or "nothing to import"


def importers(with_people: bool) -> dict[str, Importer]:
    found: dict[str, Importer] = {
        "source": import_sources,
        "hashtag": import_hashtags,
        "story": import_stories,
        "article": import_articles,
    }
    if with_people:
        from tidings.archive.people import import_accounts, import_comments

        found.update(account=import_accounts, comment=import_comments)
    return found


def load(
    lines: Iterable[InputLine], *, with_people: bool, report: Callable[[int, str], None]
) -> Tally:
    """Import every line; ``report(line_number, problem)`` hears of each that fails."""
    tally = Tally()
    known = importers(with_people)
    for kind, batch in batches(lines):
        importer = known.get(kind) if kind else None
        if importer is None:
            for line in batch:
                tally.failures += 1
                report(line.number, refusal(line, kind, with_people))
            continue
        for line, outcome in zip(batch, import_batch(importer, batch), strict=True):
            if isinstance(outcome, RecordError):
                tally.failures += 1
                report(line.number, str(outcome))
            elif outcome:
                tally.created[kind] += 1
            else:
                tally.existing[kind] += 1
        tally.stories_created |= kind == "story" and tally.created["story"] > 0
    return tally


def refusal(line: InputLine, kind: str | None, with_people: bool) -> str:
    if line.record is None:
        return line.problem
    if kind in ("account", "comment") and not with_people:
        return f"{kind} lines are imported only with --with-people"
    return f"unknown type {line.record.get('type')!r} (one of {', '.join(records.TYPES)})"


def batches(lines: Iterable[InputLine]) -> Iterator[tuple[str | None, list[InputLine]]]:
    """Runs of consecutive lines of one type, at most BATCH long."""

    def kind(line: InputLine) -> str | None:
        value = line.record.get("type") if line.record is not None else None
        return value if isinstance(value, str) else None

    for kind_of_run, run in groupby(lines, key=kind):
        while batch := list(islice(run, BATCH)):
            yield kind_of_run, batch


def import_batch(importer: Importer, batch: list[InputLine]) -> list[Outcome]:
    chunk = [line.record or {} for line in batch]
    try:
        with transaction.atomic():
            return importer(chunk)
    except DatabaseError as error:
        if len(chunk) == 1:
            return [RecordError(f"the database refused it: {' '.join(str(error).split())}")]
    return [
        outcome for record in chunk for outcome in import_batch(importer, [InputLine(0, record)])
    ]
