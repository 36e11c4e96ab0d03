"""Extraction quality on the 54 real pages of the article-body benchmark's development set.

Pages are decoded as UTF-8 for plain trafilatura, as the benchmark does; ours gets bytes.
"""

import time

import pytest
import trafilatura

from tidings.extract.article import extract_article
from tidings.extract.benchmark import load_benchmark_pages
from tidings.extract.scoring import score_pages

MINIMUM_F1 = 0.90


@pytest.fixture(scope="module")
def pages(shared_data):
    folder = shared_data / "extraction"
    if not (folder / "ground-truth.json").exists():
        pytest.skip("the extraction benchmark is not in shared/data")
    return load_benchmark_pages(folder)


def test_extraction_beats_plain_trafilatura_on_real_pages(pages):
    assert len(pages) == 54
    started = time.monotonic()
    ours = score_pages((page.truth, extract_article(page.html, page.url).text) for page in pages)
    ours_seconds = time.monotonic() - started
    plain = score_pages(
        (page.truth, trafilatura.extract(page.html.decode("utf-8")) or "") for page in pages
    )
    print(
        f"\nours F1={ours.f1:.4f} (P={ours.precision:.4f} R={ours.recall:.4f}) in "
        f"{ours_seconds:.1f}s; plain trafilatura F1={plain.f1:.4f}"
    )
    assert ours.f1 >= MINIMUM_F1
    assert ours.f1 >= plain.f1
