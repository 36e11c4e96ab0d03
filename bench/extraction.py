"""Article-body extraction on the benchmark's 54 development pages: ours against trafilatura.

    python bench/extraction.py [FOLDER]

FOLDER defaults to ../shared/data/extraction beside the checkout. Prints precision, recall
and F1 by the benchmark's metric (src/tidings/extract/scoring.py) for each tool, and how
many pages a second our extractor manages on this machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tidings.extract.benchmark import evaluate_extraction

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "extraction"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    result = evaluate_extraction(folder)
    print(f"{result['pages']} pages from {folder}\n")
    print(f"{'extractor':<26}{'precision':>10}{'recall':>10}{'F1':>10}{'pages/s':>10}")
    for name, score in result["scores"].items():
        print(
            f"{name:<26}{score['precision']:>10.4f}{score['recall']:>10.4f}{score['f1']:>10.4f}"
            f"{score['pages_per_second']:>10.1f}"
        )


if __name__ == "__main__":
    main()
