"""The article-body benchmark's pages, as the quality test and bench/extraction.py read them.

The folder holds ``html/{id}.html.gz`` and ``ground-truth.json`` (id → articleBody, url);
see /work/shared/data/extraction/README.md.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BenchmarkPage:
    page_id: str
    url: str
    html: bytes
    truth: str  # the article body a person marked on the page


def load_benchmark_pages(folder: Path) -> list[BenchmarkPage]:
    truths = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        BenchmarkPage(
            page_id=page_id,
            url=entry["url"],
            html=gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()),
            truth=entry["articleBody"],
        )
        for page_id, entry in sorted(truths.items())
    ]
