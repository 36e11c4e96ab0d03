"""Fixtures of the tagger's tests: the seed article, and spaCy where it is installed."""

import json
from pathlib import Path

import pytest

from tidings.enrich.tagging_data import Document
from tidings.enrich.tagging_models import BACKEND_FULL, available_backend

SEED = Path(__file__).resolve().parents[5] / "shared" / "seed" / "articles.json"


@pytest.fixture(scope="module")
def seed_main() -> Document:
    if not SEED.is_file():
        pytest.skip("the seed articles are not beside this checkout")
    main = json.loads(SEED.read_text(encoding="utf-8"))["main"]
    return Document(main["title"], "\n\n".join(main["paragraphs"]))


@pytest.fixture(scope="module")
def with_spacy():
    pytest.importorskip("spacy")
    if available_backend() != BACKEND_FULL:
        pytest.skip("the spaCy model is not installed")
    return BACKEND_FULL
