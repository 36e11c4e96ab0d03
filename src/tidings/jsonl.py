"""The JSON Lines contract shared by every stage command (`tidings tag FILE.jsonl` ...).

Input is a file or ``-`` for standard input, one article per line; output is exactly one
JSON line per input line, in input order, with the line's ``"id"`` and the stage's result.
A line that cannot be processed gives ``{"id", "error"}``, the others still come out, and
the command exits 1 at the end. Progress and logs go to standard error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError


@dataclass
class InputLine:
    number: int  # 1-based, as an editor shows it
    record: dict[str, Any] | None  # None when the line is not a JSON object
    problem: str = ""

    @property
    def id(self) -> Any:
        return self.record.get("id") if self.record else None


class RecordError(Exception):
    """One record that cannot be processed; the message goes into its ``error`` field."""


def read_input(path: str) -> list[InputLine]:
    """Every non-blank line of ``path`` (``-`` for standard input), parsed."""
    return list(iter_input(path))


def iter_input(path: str) -> Iterator[InputLine]:
    """The non-blank lines of ``path`` (``-`` for standard input) one at a time, parsed, so
    that a file of any size is read in constant memory. A line that is not UTF-8 or not a
    JSON object comes out with its problem; the lines after it still come."""
    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read: {error}") from None
    try:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield parse_line(number, raw)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def parse_line(number: int, raw: bytes) -> InputLine:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return InputLine(number, None, f"line {number} is not UTF-8 text: {error.reason}")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return InputLine(number, None, f"line {number} is not JSON: {error.msg}")
    if not isinstance(record, dict):
        return InputLine(number, None, f"line {number} is not a JSON object")
    return InputLine(number, record)


Result = dict[str, Any] | RecordError
Processor = Callable[[Sequence[dict[str, Any]]], Sequence[Result]]


def run(lines: list[InputLine], process: Processor, out) -> int:
    """Process the readable records together (a stage may need the whole corpus), write one
    line per input line in order, and return how many lines failed."""
    readable = [line for line in lines if line.record is not None]
    results = iter(process([line.record for line in readable if line.record is not None]))
    failures = 0
    for line in lines:
        if line.record is None:
            output: dict[str, Any] = {"id": None, "error": line.problem}
        else:
            result = next(results)
            if isinstance(result, RecordError):
                output = {"id": line.id, "error": str(result)}
            else:
                output = {"id": line.id, **result}
        failures += "error" in output
        out.write(json.dumps(output, ensure_ascii=False) + "\n")
    return failures


def parse_published(value: Any) -> datetime | None:
    """A date or date-time in ISO 8601 as an aware date-time (UTC when no zone is given)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"published must be a date or date-time string, not {value!r}")
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            raise RecordError(f"published is not an ISO 8601 date: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class JsonlCommand(BaseCommand):
    """A stage as a command on JSON Lines; subclasses define ``process``."""

    def add_arguments(self, parser):
        parser.add_argument("input", help="a .jsonl file, or - for standard input")

    def process(self, records: Sequence[dict[str, Any]], **options) -> Sequence[Result]:
        raise NotImplementedError

    def handle(self, *args, input, **options):
        lines = read_input(input)
        failures = run(lines, lambda records: self.process(records, **options), self.stdout)
        self.stdout.flush()
        if failures:
            sys.stderr.write(f"{failures} of {len(lines)} lines could not be processed.\n")
            sys.exit(1)
