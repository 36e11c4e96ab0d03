"""Writes src/tidings/enrich/data/gazetteer/common_words.txt: the words that openly licensed
English news text writes in lower case more often than capitalised, away from the start of
a sentence (``headline_case.Casing``). Run from the checkout, beside ../shared/data:

    python scripts/common_words.py
"""

import json
from pathlib import Path

from tidings.enrich.headline_case import Casing

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "tidings" / "enrich" / "data" / "gazetteer" / "common_words.txt"
MIN_LOWER = 2  # seen lower case at least this often, so that a typo is not a word


def texts():
    for line in (DATA / "demo-corpus" / "articles.jsonl").open():
        record = json.loads(line)
        yield record["body"]
    for line in (DATA / "demo-corpus2" / "articles.jsonl").open():
        record = json.loads(line)
        if record["language"] == "en":
            yield record["text"]
    for page in json.loads((DATA / "extraction" / "ground-truth.json").read_text()).values():
        yield page["articleBody"]


def main() -> None:
    casing = Casing.of(texts())
    words = sorted(
        word
        for word, count in casing.lower.items()
        if count >= MIN_LOWER and count > casing.capitalised[word] and word.isalpha()
    )
    OUT.write_text("".join(f"{word}\n" for word in words))
    print(f"{len(words)} words written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
