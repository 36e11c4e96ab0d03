"""The real full-text articles of ../shared/data, shared by the benchmarks."""

from __future__ import annotations

import json
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def real_articles(data: Path) -> list[tuple[str, str]]:
    """(title, text) of every full-text article in the shared data sets."""
    articles = []
    for line in (data / "clustering-news" / "g5w1h_news_cluster.dev.jsonl").open():
        row = json.loads(line)
        articles.append((row["title"], row["text"]))
    for line in (data / "demo-corpus" / "articles.jsonl").open():
        row = json.loads(line)
        articles.append((row["title"], row["body"]))
    for line in (data / "keyphrases" / "500N-KPCrowd.dev.jsonl").open():
        row = json.loads(line)
        if not row["title_only"]:
            title, _, text = row["text"].partition("\n")
            articles.append((title, text))
    truth = json.loads((data / "extraction" / "ground-truth.json").read_text())
    articles.extend(("", page["articleBody"]) for page in truth.values())
    return articles
