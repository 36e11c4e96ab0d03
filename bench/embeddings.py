"""Embedding throughput: articles per second and peak memory of each backend, over the
real full-text articles in ../shared/data (about 370, cycled to 2,000), embedded in batches
of 64 as the enrichment stages hand them over.

    python bench/embeddings.py [--articles 2000] [--backend model|hashed]

Each backend runs in a process of its own, so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path

from corpus import SHARED_DATA, real_articles  # bench/corpus.py, beside this script

# What tidings.enrich.stages hands to each stage at a time.
STAGE_BATCH = 64


def measure(backend: str, count: int, data: Path) -> dict:
    from tidings.enrich.embeddings import article_text_for_embedding, embed

    articles = list(islice(cycle(real_articles(data)), count))
    embed([article_text_for_embedding(*articles[0])], backend)  # load the model first
    loaded_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    cpu_started = time.process_time()
    for start in range(0, len(articles), STAGE_BATCH):
        batch = articles[start : start + STAGE_BATCH]
        embed([article_text_for_embedding(title, text) for title, text in batch], backend)
    elapsed = time.perf_counter() - started
    return {
        "backend": backend,
        "articles": len(articles),
        "distinct": len(set(articles)),
        "seconds": round(elapsed, 2),
        "articles_per_second": round(len(articles) / elapsed, 1),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
        "memory_after_loading_mb": round(loaded_mb),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--backend", choices=["model", "hashed"])
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    options = parser.parse_args()
    if options.backend:
        print(json.dumps(measure(options.backend, options.articles, options.data)))
        return
    from tidings.enrich.embeddings import model_available

    for backend in ["model", "hashed"] if model_available() else ["hashed"]:
        command = [sys.executable, __file__, "--backend", backend]
        command += ["--articles", str(options.articles), "--data", str(options.data)]
        result = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
        print(
            f"{backend:>6}: {result['articles_per_second']:7.1f} articles/s "
            f"({result['articles']} articles, {result['distinct']} distinct, "
            f"{result['seconds']} s, {result['cpu_seconds']} s of CPU), "
            f"peak memory {result['peak_memory_mb']} MB "
            f"({result['memory_after_loading_mb']} MB once loaded)"
        )
    if not model_available():
        print(" model: not measured, the ml extra is not installed")


if __name__ == "__main__":
    main()
