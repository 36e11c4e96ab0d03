"""Article-body extraction on the benchmark's 54 development pages: ours against trafilatura.

    python bench/extraction.py [FOLDER]

FOLDER defaults to ../shared/data/extraction beside the checkout. Prints precision, recall
and F1 by the benchmark's metric (src/tidings/extract/scoring.py) for each tool, and how
many pages a second our extractor manages on this machine.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from tidings.extract.article import extract_article
from tidings.extract.benchmark import BenchmarkPage, load_benchmark_pages
from tidings.extract.scoring import score_pages

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "extraction"

TOOLS: dict[str, Callable[[BenchmarkPage], str]] = {
    "tidings extract_article": lambda page: extract_article(page.html, page.url).text,
    "trafilatura.extract": lambda page: trafilatura.extract(page.html.decode("utf-8")) or "",
    "trafilatura favor_recall": lambda page: (
        trafilatura.extract(page.html.decode("utf-8"), favor_recall=True) or ""
    ),
    "trafilatura no comments": lambda page: (
        trafilatura.extract(page.html.decode("utf-8"), include_comments=False) or ""
    ),
}


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    pages = load_benchmark_pages(folder)
    print(f"{len(pages)} pages from {folder}\n")
    print(f"{'tool':<26}{'precision':>10}{'recall':>10}{'F1':>10}{'pages/s':>10}")
    for name, tool in TOOLS.items():
        started = time.perf_counter()
        predictions = [tool(page) for page in pages]
        seconds = time.perf_counter() - started
        score = score_pages(zip((page.truth for page in pages), predictions, strict=True))
        print(
            f"{name:<26}{score.precision:>10.4f}{score.recall:>10.4f}{score.f1:>10.4f}"
            f"{len(pages) / seconds:>10.1f}"
        )


if __name__ == "__main__":
    main()
