"""Story clustering throughput: articles per second of the stream clusterer over a synthetic
month of news with real vocabulary and event structure, and the memory it holds.

    python bench/clustering.py [--count 50000] [--days 30] [--embeddings none|hashed]

The stream: the real stories of ../shared/data (the Giveme5W1H events, the UCI headline
stories, the 500N-KPCrowd and extraction articles, the demo corpus) are the seeds. Each
synthetic event takes two seeds and names of its own (names from the corpus, so that two
events grown from one seed differ the way two plane crashes do), starts at a random moment of a
month (``--days``; fewer days make a denser stream with more stories active at once) and
lasts a day or so; event sizes follow a Zipf law (most events are one or two articles).
Each article samples and perturbs its seeds' real sentences and headlines (words dropped,
names replaced).
Generation is seeded, so every run clusters the same stream.

The clusterer gets each article's vector ready-made, as the enrichment stage stores them;
embedding cost is the embeddings benchmark's (bench/embeddings.py), and scoring a story costs
the same whichever backend made the vector, so ``hashed`` stands in for ``model`` here.
Each embeddings mode runs in a process of its own, so that its memory is its own. Rates are
on one core; the second is free for the web and the other stages.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from corpus import SHARED_DATA  # bench/corpus.py, beside this script
from measure import resident_mb  # bench/measure.py, beside this script

SEED = 7
ZIPF_EXPONENT = 2.0
LARGEST_EVENT = 2000
HEADLINE_ONLY_SHARE = 0.2
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c])")
NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")


@dataclass
class Seed:
    titles: list[str]
    sentences: list[str]  # empty for a headline-only seed


def _split(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(" ".join(text.split())) if len(s.split()) >= 5]


def read_seeds(data: Path) -> list[Seed]:
    """One seed per real story: its headlines and the sentences of its texts."""
    stories: dict[str, Seed] = {}

    def add(key: str, title: str, text: str) -> None:
        seed = stories.setdefault(key, Seed([], []))
        seed.titles.append(title)
        seed.sentences += _split(text)

    for name in ("g5w1h_news_cluster.dev.jsonl", "uci_news_head.dev.jsonl"):
        for line in (data / "clustering-news" / name).open(encoding="utf-8"):
            row = json.loads(line)
            add(f"{name}:{row['story']}", row["title"], row.get("text") or "")
    for line in (data / "keyphrases" / "500N-KPCrowd.dev.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        title, _, text = row["text"].partition("\n")
        add(f"kp:{row['id']}", title, text)
    truth = json.loads((data / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, page in truth.items():
        body = page.get("articleBody") or ""
        if body:
            add(f"ex:{key}", page.get("headline") or body.split("\n")[0][:120], body)
    for line in (data / "demo-corpus" / "articles.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        add(f"demo:{row['id']}", row["title"], row["body"])
    return list(stories.values())


def synthetic_stream(
    count: int, days: float, seeds: list[Seed]
) -> list[tuple[str, str, datetime, int]]:
    """(title, text, published, event) for ``count`` articles, in time order."""
    rng = random.Random(SEED)
    names = sorted({name for seed in seeds for s in seed.sentences for name in NAME.findall(s)})
    start = datetime(2025, 3, 1, tzinfo=UTC)
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, LARGEST_EVENT + 1)]
    articles = []
    event = 0
    while len(articles) < count:
        size = min(rng.choices(range(1, LARGEST_EVENT + 1), weights)[0], count - len(articles))
        pair = rng.sample(seeds, 2)
        renamed: dict[str, str] = {}
        began = start + timedelta(days=days) * rng.random()
        lasts = timedelta(hours=rng.uniform(6, 72))
        for _ in range(size):
            published = began + lasts * min(rng.expovariate(1.5), 3.0)
            articles.append((*_article(rng, pair, renamed, names), published, event))
        event += 1
    articles.sort(key=lambda article: (article[2], article[3]))
    return articles


def _perturb(rng: random.Random, sentence: str, renamed: dict[str, str], names: list[str]) -> str:
    """Drop a tenth of the words and give the names the event's own."""

    def rename(match: re.Match) -> str:
        if match.group() not in renamed:
            renamed[match.group()] = rng.choice(names)
        return renamed[match.group()]

    return NAME.sub(rename, " ".join(word for word in sentence.split() if rng.random() > 0.1))


def _article(
    rng: random.Random, pair: list[Seed], renamed: dict[str, str], names: list[str]
) -> tuple[str, str]:
    """An event is two real stories told together, with names of its own: two events that
    share one story still differ in the other and in their names."""
    title = _perturb(rng, rng.choice(rng.choice(pair).titles), renamed, names)
    pool = pair[0].sentences + pair[1].sentences
    if not pool or rng.random() < HEADLINE_ONLY_SHARE:
        return title, ""
    chosen = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
    sentences = [_perturb(rng, sentence, renamed, names) for sentence in chosen]
    middle = len(sentences) // 2
    return title, " ".join(sentences[:middle]) + "\n\n" + " ".join(sentences[middle:])


def measure(count: int, days: float, embeddings: str) -> dict:
    from tidings.enrich.embeddings import article_text_for_embedding, embed
    from tidings.stories.clustering import StoryArticle, StoryClusterer

    stream = synthetic_stream(count, days, read_seeds(SHARED_DATA))
    vectors = None
    embedding_seconds = 0.0  # vectors, when asked for, are made before the clock starts
    if embeddings != "none":
        started = time.perf_counter()
        texts = [article_text_for_embedding(title, text) for title, text, _, _ in stream]
        vectors = embed(texts, embeddings)
        embedding_seconds = time.perf_counter() - started
    articles = [
        StoryArticle(title, text, published, None if vectors is None else vectors[number])
        for number, (title, text, published, _) in enumerate(stream)
    ]
    before = resident_mb()
    clusterer = StoryClusterer()
    rates, most_active, merges = [], 0, 0
    chunk = max(1, count // 5)
    started = time.perf_counter()
    for first in range(0, count, chunk):
        chunk_started = time.perf_counter()
        for article in articles[first : first + chunk]:
            merges += len(clusterer.add(article).merged)
            if clusterer.articles_seen % 500 == 0:
                most_active = max(most_active, clusterer.active_stories)
        done = len(articles[first : first + chunk])
        rates.append(round(done / (time.perf_counter() - chunk_started)))
    seconds = time.perf_counter() - started
    # What the process grew by while clustering: the stories' state at its largest (freed
    # memory mostly stays with the process), the 8 MB frequency table and the stem cache.
    held = resident_mb() - before
    return {
        "embeddings": embeddings,
        "articles": count,
        "days": days,
        "events": len({event for _, _, _, event in stream}),
        "headline_only": sum(1 for _, text, _, _ in stream if not text),
        "articles_per_second": round(count / seconds),
        "articles_per_second_by_fifth": rates,
        "articles_per_day_on_one_core": round(count / seconds * 86400),
        "embedding_articles_per_second": round(count / embedding_seconds)
        if embedding_seconds
        else None,
        "stories": clusterer.next_story_id - 1 - merges,
        "merges": merges,
        "active_stories_at_most": most_active,
        "active_stories_at_end": clusterer.active_stories,
        "memory_held_mb": round(held, 1),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--days", type=float, default=30.0)
    parser.add_argument("--embeddings", choices=["none", "hashed"])
    options = parser.parse_args()
    if options.embeddings:
        print(json.dumps(measure(options.count, options.days, options.embeddings)))
        return
    for embeddings in ("none", "hashed"):
        command = [sys.executable, __file__, "--count", str(options.count)]
        command += ["--days", str(options.days)]
        command += ["--embeddings", embeddings]
        print(subprocess.run(command, capture_output=True, check=True, text=True).stdout, end="")


if __name__ == "__main__":
    main()
