"""Rebuild the demo's bundled data files from the shared research copies.

The demo ships three openly licensed data sets in ``demo/data/``. This module is how they
were made, so that anyone can check that the bundled files hold only what the licences
allow and nothing else (run ``python -m tidings.demo.bundle CORPUS_JSONL UCI_JSONL
CORPUS2_JSONL``).
Output is gzip with a fixed timestamp, so rebuilding from the same input gives the same
bytes and a test can compare them.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
CORPUS_FILE = DATA_DIR / "articles.jsonl.gz"
HEADLINES_FILE = DATA_DIR / "uci_headlines.jsonl.gz"
CORPUS2_FILE = DATA_DIR / "corpus2.jsonl.gz"

# The fields of the demo corpus the demo site shows; ``source`` provenance is summarised
# in ATTRIBUTION.md instead, except the Global Voices author, who must be credited.
_CORPUS_FIELDS = (
    "id",
    "outlet",
    "url",
    "title",
    "published",
    "body",
    "image_caption",
    "image_credit",
    "tags",
    "license",
    "attribution",
)


def corpus_records(lines: Iterable[str]) -> Iterator[dict]:
    """The demo corpus records, trimmed to what the demo site needs."""
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        kept = {name: record[name] for name in _CORPUS_FIELDS}
        kept["author"] = record.get("source", {}).get("author") or ""
        yield kept


# The second corpus names its licences in full; pages link the short name to its text.
_CORPUS2_LICENCES = {"CC BY 2.5": "CC BY 2.5", "Public domain": "Public domain"}
# Its English Wikinews articles come from the same outlet as the first corpus's.
_CORPUS2_OUTLETS = {"Wikinews (en)": "Wikinews (English)"}


def corpus2_records(lines: Iterable[str]) -> Iterator[dict]:
    """The second corpus (French, Japanese and English Wikinews, U.S. government releases)
    in the first corpus's fields, plus each article's language."""
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        licence = next(
            short
            for prefix, short in _CORPUS2_LICENCES.items()
            if record["licence"].startswith(prefix)
        )
        yield {
            "id": record["id"],
            "outlet": _CORPUS2_OUTLETS.get(record["outlet"], record["outlet"]),
            "url": record["url"],
            "title": record["title"],
            "published": record["published"],
            "body": record["text"],
            "image_caption": "",
            "image_credit": "",
            "tags": [],
            "license": licence,
            "attribution": record["attribution"],
            "author": "",
            "language": record["language"],
        }


def headline_records(lines: Iterable[str]) -> Iterator[dict]:
    """The UCI headlines as title, outlet, published and url.

    1. The URLs in the UCI CSV are HTML-escaped (``&amp;``); the real link has ``&``.
    2. One headline has no publisher name; it is credited to its host name instead.
    """
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        yield {
            "title": record["title"],
            "outlet": record["source"] or record["hostname"],
            "published": record["published"],
            "url": html.unescape(record["url"]),
        }


def write_jsonl_gz(records: Iterable[dict], path: Path) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as gz:
        for record in records:
            gz.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    path.write_bytes(buffer.getvalue())


def read_jsonl_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main(corpus_jsonl: Path, uci_jsonl: Path, corpus2_jsonl: Path) -> None:
    with corpus_jsonl.open(encoding="utf-8") as lines:
        write_jsonl_gz(corpus_records(lines), CORPUS_FILE)
    with uci_jsonl.open(encoding="utf-8") as lines:
        write_jsonl_gz(headline_records(lines), HEADLINES_FILE)
    with corpus2_jsonl.open(encoding="utf-8") as lines:
        write_jsonl_gz(corpus2_records(lines), CORPUS2_FILE)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(
            "usage: python -m tidings.demo.bundle CORPUS_JSONL UCI_HEADLINES_JSONL CORPUS2_JSONL"
        )
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
