"""How long the AI panel's actions take on a 20-article story: the story summary (MiniLM
and hashed sentence vectors), the 5W1H of all 20 articles (with spaCy and without), a
question answered from the story and the stance of all 20 articles towards a claim (the
story's first headline-length sentence), both with MiniLM and hashed vectors.

    python bench/ai.py [--stories 12] [--articles 20]

Stories are made of Multi-News development articles (../shared/data/ai, never copied
into the repo) taken 20 at a time; the content does not matter for timing, the length
does. The first story also loads the models and is left out of the figures. Prints p50
and p95 in milliseconds per story as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import django
import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ai"


def stories(count: int, size: int) -> list[list[str]]:
    clusters = (SHARED / "multinews-longbench" / "clusters.dev.jsonl").read_text().splitlines()
    texts = [text for line in clusters for text in json.loads(line)["documents"] if text.strip()]
    return [[texts[(n * size + i) % len(texts)] for i in range(size)] for n in range(count + 1)]


QUESTION = "Who said what happened, and when?"
OPTIONS = ("The police", "The government", "Witnesses", "not enough information")


def claim(story: list[str]) -> str:
    """The first sentence of the story's first article, as a headline would say it."""
    return story[0].split(".")[0][:120]


def timed(action, items) -> dict[str, float]:
    action(items[0])  # loads the models
    times = []
    for item in items[1:]:
        started = time.perf_counter()
        action(item)
        times.append(1000 * (time.perf_counter() - started))
    return {
        "p50_ms": round(float(np.percentile(times, 50))),
        "p95_ms": round(float(np.percentile(times, 95))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=12)
    parser.add_argument("--articles", type=int, default=20)
    options = parser.parse_args()
    django.setup()
    from tidings.ai.answer import answer_question
    from tidings.ai.five_w import five_w, spacy_available
    from tidings.ai.stance import stance
    from tidings.ai.story_summary import Document, sentence_vectors, summarize_story
    from tidings.enrich.embeddings import model_available

    made = stories(options.stories, options.articles)
    documents = [[Document(i, "", text) for i, text in enumerate(story)] for story in made]
    results = {"stories": options.stories, "articles_per_story": options.articles}
    for backend in ("model", "hashed") if model_available() else ("hashed",):
        vectorize = sentence_vectors(backend)
        results[f"story_summary_{backend}"] = timed(
            lambda story, v=vectorize: summarize_story(story, v), documents
        )
        results[f"answer_{backend}"] = timed(
            lambda story, v=vectorize: answer_question(QUESTION, story, v, OPTIONS), documents
        )
        results[f"stance_{backend}"] = timed(
            lambda story, v=vectorize: [stance(claim(story), text, v) for text in story], made
        )
    for use_spacy in (True, False) if spacy_available() else (False,):
        results[f"five_w_{'spacy' if use_spacy else 'rules'}"] = timed(
            lambda story, s=use_spacy: [five_w("", text, None, use_spacy=s) for text in story],
            made,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    main()
