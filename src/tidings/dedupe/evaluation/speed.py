"""How fast the copy index takes articles, on the real texts."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tidings.dedupe.copy_index import CopyIndex, CopyRecord
from tidings.dedupe.evaluation.real_texts import load_documents


def measure_speed(data_dir: Path, count: int = 2000) -> dict:
    """Articles per second through the index (signature, LSH query, exact check, insert)
    for the real texts cycled to ``count``; every cycle after the first is an exact copy
    of the first, so each article has several candidates, more than a real day has."""
    documents = load_documents(data_dir)
    stream = [documents[number % len(documents)].text for number in range(count)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    index = CopyIndex()
    began = time.perf_counter()
    for number, text in enumerate(stream):
        index.add(CopyRecord(number, start + timedelta(minutes=number), text))
    elapsed = time.perf_counter() - began
    return {"articles": count, "seconds": round(elapsed, 2), "per_second": round(count / elapsed)}
