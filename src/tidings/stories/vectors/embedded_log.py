"""The write log of the embedded index: what each write appends, and reading it back.

Each record has a fixed size and a checksum of its own, so that a reader can take whole
records from the end of a log another process is appending to, and stop at one that a
crash left torn (see ``embedded.py``, which owns the files).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from tidings.enrich.embeddings import DIMENSIONS

# One log record: what happened, its checksum, the article and (for an upsert) its vector.
# The checksum covers the op byte and everything from the id on.
RECORD = np.dtype(
    [("op", "u1"), ("pad", "V3"), ("crc", "<u4"), ("id", "<i8"), ("vector", "<f4", (DIMENSIONS,))]
)
CHECKED_FROM = RECORD.fields["id"][1]
UPSERT, REMOVE = ord("U"), ord("R")


def records_of(op: int, ids: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    records = np.zeros(ids.size, dtype=RECORD)
    records["op"] = op
    records["id"] = ids
    records["vector"] = vectors
    records["crc"] = _checksums(records)
    return records


def _checksums(records: np.ndarray) -> np.ndarray:
    raw = records.view(np.uint8).reshape(len(records), RECORD.itemsize)
    return np.array(
        [zlib.crc32(row[CHECKED_FROM:], zlib.crc32(row[:1])) for row in raw], dtype=np.uint32
    )


def intact_records(path: Path, offset: int, until: int | None = None) -> np.ndarray:
    """The whole, intact records of the log at ``path`` after ``offset`` bytes (up to
    ``until`` bytes), stopping at the first that is torn or fails its checksum."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return np.zeros(0, dtype=RECORD)
    end = size if until is None else min(size, until)
    whole = (end - offset) // RECORD.itemsize
    if whole <= 0:
        return np.zeros(0, dtype=RECORD)
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(whole * RECORD.itemsize)
    records = np.frombuffer(data, dtype=RECORD, count=len(data) // RECORD.itemsize)
    return records[: _intact_prefix(records)]


def _intact_prefix(records: np.ndarray) -> int:
    """How many records from the start are whole: a known op and a matching checksum."""
    bad = (~np.isin(records["op"], (UPSERT, REMOVE))) | (records["crc"] != _checksums(records))
    return int(bad.argmax()) if bad.any() else len(records)


def apply_records(engine, records: np.ndarray) -> None:
    """The last record of each article decides: it is removed, then added back if that
    record is an upsert. Doing it per batch keeps the engine calls few."""
    ids = records["id"]
    _, first_from_end = np.unique(ids[::-1], return_index=True)
    last = np.sort(len(ids) - 1 - first_from_end)
    engine.remove(ids[last])
    upserts = last[records["op"][last] == UPSERT]
    engine.add(ids[upserts].copy(), np.ascontiguousarray(records["vector"][upserts]))
