"""The article-body benchmark's pages, as the quality test and bench/extraction.py read them.

The folder holds ``html/{id}.html.gz`` and ``ground-truth.json`` (id → articleBody, url);
see /work/shared/data/extraction/README.md.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from tidings.extract.article import extract_article
from tidings.extract.scoring import score_pages

# Published F1 on the whole benchmark (181 pages), from the benchmark's README.
PUBLISHED_F1 = {
    "trafilatura 2.0.0": 0.958,
    "newspaper4k": 0.949,
    "go-domdistiller": 0.927,
    "readability-lxml": 0.922,
}


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


EXTRACTORS: dict[str, Callable[[BenchmarkPage], str]] = {
    "tidings": lambda page: extract_article(page.html, page.url).text,
    "trafilatura.extract": lambda page: trafilatura.extract(page.html.decode("utf-8")) or "",
    "trafilatura favor_recall": lambda page: (
        trafilatura.extract(page.html.decode("utf-8"), favor_recall=True) or ""
    ),
    "trafilatura no comments": lambda page: (
        trafilatura.extract(page.html.decode("utf-8"), include_comments=False) or ""
    ),
}


def evaluate_extraction(folder: Path) -> dict:
    """Token-shingle precision, recall and F1 of our extractor and of plain trafilatura on
    the same pages, side by side, with pages per second."""
    pages = load_benchmark_pages(folder)
    scores: dict[str, dict] = {}
    for name, extractor in EXTRACTORS.items():
        started = time.perf_counter()
        predictions = [extractor(page) for page in pages]
        seconds = time.perf_counter() - started
        score = score_pages(zip((page.truth for page in pages), predictions, strict=True))
        scores[name] = {
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
            "pages_per_second": round(len(pages) / seconds, 1),
        }
    return {"pages": len(pages), "scores": scores, "published_f1_full_benchmark": PUBLISHED_F1}
