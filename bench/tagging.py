"""Tagging throughput: articles per second of each backend, over the 131 news stories of
../shared/data/keyphrases and the seed page's four articles, in batches of 64 as the
enrichment stages hand them over.

    python bench/tagging.py [--rounds 3] [--backend spacy+yake|yake]

Each backend runs in a process of its own, so that its peak memory is its own. The first
round also loads the models; the best of the later rounds is the steady rate.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
STAGE_BATCH = 64


def documents(shared: Path) -> dict[str, list]:
    from tidings.enrich.tagging_data import Document
    from tidings.enrich.tagging_eval import as_document, read_stories

    seed = json.loads((shared / "seed" / "articles.json").read_text(encoding="utf-8"))
    main = seed["main"]
    return {
        "keyphrases": [
            as_document(story) for story in read_stories(shared / "data" / "keyphrases")
        ],
        "seed": [Document(main["title"], "\n\n".join(main["paragraphs"]))]
        + [Document(related["title"], related["text"]) for related in seed["related"]],
    }


def measure(backend: str, rounds: int, shared: Path) -> dict:
    from tidings.enrich.tagger import tag_documents

    results: dict = {"backend": backend}
    for name, docs in documents(shared).items():
        rates = []
        for _ in range(rounds):
            started = time.perf_counter()
            for start in range(0, len(docs), STAGE_BATCH):
                tag_documents(docs[start : start + STAGE_BATCH], backend=backend)
            rates.append(len(docs) / (time.perf_counter() - started))
        words = sum(len(f"{doc.title} {doc.text}".split()) for doc in docs) / len(docs)
        results[name] = {
            "articles": len(docs),
            "mean_words": round(words),
            "first_round_articles_per_second": round(rates[0], 1),
            "articles_per_second": round(max(rates[1:] or rates), 1),
        }
    results["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", choices=["spacy+yake", "yake"])
    parser.add_argument("--shared", type=Path, default=SHARED)
    options = parser.parse_args()
    if options.backend:
        print(json.dumps(measure(options.backend, options.rounds, options.shared)))
        return
    from tidings.enrich.tagging_models import available_backend

    backends = ["spacy+yake", "yake"] if available_backend() == "spacy+yake" else ["yake"]
    for backend in backends:
        command = [sys.executable, __file__, "--backend", backend]
        command += ["--rounds", str(options.rounds), "--shared", str(options.shared)]
        print(subprocess.run(command, capture_output=True, check=True, text=True).stdout, end="")


if __name__ == "__main__":
    main()
