"""A million-article site as a `tidings export` file, loaded through `tidings import`.

    python bench/million.py [--scale 1.0] [--largest N] [--out million.jsonl] [--no-load]

At scale 1: 10,000 sources, 1,000,000 articles in 200,000 stories (the largest 2,000
articles, the sizes falling off as a power law, so most stories have one to three), 50,000
hashtags, 3 to 5 on each article, 2 % of articles edited once (an earlier version), 5 %
syndicated copies of an earlier article of their story. Articles span the last 60 days;
a story's articles follow its first within two days. Outlets and hashtags are drawn with
Zipf-like weights, so a few of them are very busy, as on a real site.

Titles and paragraphs are sampled from the real full-text articles of ../shared/data
(`bench/corpus.py`: the clustering-news, demo-corpus, keyphrases and extraction sets),
recombined: the text is real prose, the pairings are not real articles. Each article gets
two to four paragraphs (about 1.5 KB).

The file is written, then loaded with `tidings import` into the database of the
environment (TIDINGS_HOME or DATABASE_URL, which must be migrated: `tidings init` or
`tidings migrate`), and the seconds of each step are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from corpus import SHARED_DATA, real_articles

SOURCES, ARTICLES, STORIES, LARGEST, HASHTAGS = 10_000, 1_000_000, 200_000, 2_000, 50_000
DAYS = 60
SITE = "https://million.example"


def story_sizes(stories: int, articles: int, largest: int) -> list[int]:
    """Sizes falling off as ``largest / rank ** a``, at least 1, summing to ``articles``."""
    low, high = 0.1, 3.0
    for _ in range(60):  # bisect the exponent until the sizes add up
        exponent = (low + high) / 2
        total = sum(max(1, int(largest / (rank + 1) ** exponent)) for rank in range(stories))
        low, high = (exponent, high) if total > articles else (low, exponent)
    sizes = [max(1, int(largest / (rank + 1) ** exponent)) for rank in range(stories)]
    rank = 1
    while sum(sizes) < articles:  # the rounding's few missing articles, to the big ones
        sizes[rank % stories] += 1
        rank += 1
    return sizes


def zipf_cumulative(count: int) -> list[float]:
    """Cumulative Zipf-like weights, computed once: ``random.choices`` would add up plain
    weights again on every call."""
    return list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(count)))


class Writer:
    def __init__(self, path: Path, seed: int):
        self.out = path.open("w", encoding="utf-8")
        self.random = random.Random(seed)
        self.lines = 0

    def write(self, record: dict) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.lines += 1


def prose() -> tuple[list[str], list[str], list[str]]:
    """Titles, paragraphs and capitalised words (for hashtag labels) of the shared corpora."""
    titles, paragraphs = [], []
    for title, text in real_articles(SHARED_DATA):
        if title:
            titles.append(" ".join(title.split()))
        paragraphs += [" ".join(part.split()) for part in re.split(r"\n\s*\n|\n", text)]
    paragraphs = [part for part in paragraphs if 200 <= len(part) <= 1200]
    names = sorted(set(re.findall(r"\b[A-Z][a-z]{3,12}\b", " ".join(paragraphs))))
    return titles, paragraphs, names


def generate(path: Path, scale: float, seed: int, largest: int | None = None) -> int:
    sources = max(2, int(SOURCES * scale))
    articles = max(10, int(ARTICLES * scale))
    stories = max(2, int(STORIES * scale))
    largest = largest or max(2, min(int(LARGEST * scale**0.5), articles // 4))
    hashtags = max(10, int(HASHTAGS * scale))
    titles, paragraphs, names = prose()
    writer = Writer(path, seed)
    pick = writer.random
    now = datetime.now(UTC).replace(microsecond=0)

    source_urls = [f"https://outlet{n}.example/feed.xml" for n in range(sources)]
    for n, url in enumerate(source_urls):
        name = f"{pick.choice(names)} {pick.choice(['Times', 'Post', 'Daily', 'Wire', 'News'])}"
        writer.write({"type": "source", "url": url, "name": f"{name} {n}", "site_url": url[:-8]})
    slugs = []
    for n in range(hashtags):
        label = f"{pick.choice(names)} {pick.choice(names)}" if n % 3 else pick.choice(names)
        slugs.append(f"{label.lower().replace(' ', '-')}-{n}")
        kind = ("person", "organisation", "place", "event", "topic")[n % 5]
        writer.write({"type": "hashtag", "slug": slugs[-1], "label": label, "kind": kind})

    sizes = story_sizes(stories, articles, largest)
    pick.shuffle(sizes)  # the largest story among the recent ones as often as the old
    starts = [now - timedelta(seconds=pick.uniform(0, DAYS * 86400)) for _ in sizes]
    source_weights, tag_weights = zipf_cumulative(sources), zipf_cumulative(hashtags)
    plans = []
    for story_id, (size, start) in enumerate(zip(sizes, starts, strict=True), start=1):
        times = sorted(
            min(now, start + timedelta(seconds=pick.uniform(0, 2 * 86400))) for _ in range(size)
        )
        outlets = pick.choices(range(sources), cum_weights=source_weights, k=size)
        plans.append((story_id, times, outlets))
        writer.write(
            {
                "type": "story",
                "key": f"{SITE}/stories/{story_id}/",
                "id": story_id,
                "title": pick.choice(titles),
                "first_published": times[0].isoformat(),
                "last_published": times[-1].isoformat(),
                "article_count": size,
                "outlet_count": len(set(outlets)),
            }
        )
    number = 0
    for story_id, times, outlets in plans:
        story_tags = pick.choices(range(hashtags), cum_weights=tag_weights, k=4)
        title = pick.choice(titles)
        first = None
        for moment, outlet in zip(times, outlets, strict=True):
            number += 1
            guid = f"{SITE}/a/{number}"
            body = pick.sample(paragraphs, pick.randint(2, 4))
            tags = {*pick.sample(story_tags, 2), pick.randrange(hashtags)}
            record = {
                "type": "article",
                "source": source_urls[outlet],
                "guid": guid,
                "url": guid,
                "canonical_url": guid,
                "title": title if pick.random() < 0.3 else pick.choice(titles),
                "language": "en",
                "published_at": moment.isoformat(),
                "created_at": moment.isoformat(),
                "modified_at": moment.isoformat(),
                "text": "\n\n".join(body),
                "content_html": "".join(f"<p>{part}</p>" for part in body),
                "text_origin": "page",
                "content_hash": f"{number:064x}",
                "entry_fingerprint": f"{number:064x}",
                "story": f"{SITE}/stories/{story_id}/",
                "hashtags": [
                    {"slug": slugs[tag], "score": round(pick.random(), 3), "origin": "text"}
                    for tag in tags
                ],
            }
            if first is not None and pick.random() < 0.05:
                record["copy_of"], record["copy_similarity"] = first, 0.97
            if pick.random() < 0.02:
                record["versions"] = [
                    {"title": pick.choice(titles), "text": body[0], "content_hash": "0" * 64}
                ]
            writer.write(record)
            first = first or [source_urls[outlet], guid]
    writer.out.close()
    return writer.lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=Path("million.jsonl"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--largest", type=int, help="articles of the largest story (2,000 at scale 1)"
    )
    parser.add_argument("--no-load", action="store_true", help="write the file only")
    options = parser.parse_args()

    started = time.perf_counter()
    lines = generate(options.out, options.scale, options.seed, options.largest)
    size = options.out.stat().st_size / 2**20
    print(f"wrote {lines:,} lines ({size:,.0f} MiB) in {time.perf_counter() - started:.0f} s")
    if options.no_load:
        return
    started = time.perf_counter()
    command = [sys.executable, "-m", "tidings", "import", str(options.out)]
    subprocess.run(command, check=True, env=os.environ)
    print(f"tidings import: {time.perf_counter() - started:.0f} s")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores; other work on the machine)")


if __name__ == "__main__":
    main()
