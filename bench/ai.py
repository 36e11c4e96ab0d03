"""How long the AI panel's actions take on a 20-article story: the story summary (MiniLM
and hashed sentence vectors), the 5W1H of all 20 articles (with spaCy and without), a
question answered from the story and the stance of all 20 articles towards a claim (the
story's first headline-length sentence), both with MiniLM and hashed vectors, nothing
stored; then, in a fresh SQLite database whose articles went through the embed stage (its
cost per article is printed too), each stored action (what changed and two questions too)
computed as a reader's first request or the background task computes it, and served
stored ("stored": p95 of each), and the wrap-up of a day with ``--day-stories`` stories.

    python bench/ai.py [--stories 12] [--articles 20] [--day-stories 200]

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
# Most sentences share a word with this one, so it embeds as many as a question may.
MANY_WORDS_QUESTION = (
    "What did the president say about the new health care law and its cost to families?"
)
OPTIONS = ("The police", "The government", "Witnesses", "not enough information")


def claim(story: list[str]) -> str:
    """The first sentence of the story's first article, as a headline would say it."""
    return story[0].split(".")[0][:120]


def timed(action, items, prepare=lambda item: None) -> dict[str, float]:
    """p50 and p95 of ``action`` over ``items`` but the first; ``prepare`` runs before
    each, untimed."""
    prepare(items[0])
    action(items[0])  # loads the models
    times = []
    for item in items[1:]:
        prepare(item)
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
    parser.add_argument("--day-stories", type=int, default=200)
    options = parser.parse_args()
    django.setup()
    from django.core.management import call_command

    from tidings.ai.answer import answer_question
    from tidings.ai.five_w import five_w, spacy_available
    from tidings.ai.stance import stance
    from tidings.ai.story_summary import Document, sentence_vectors, summarize_story
    from tidings.enrich.embeddings import model_available

    call_command("migrate", verbosity=0)
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
    results["stored"] = stored_timings(made)
    results["wrap_up"] = wrap_up_timings(options.day_stories, made)
    print(json.dumps(results))


def make_story(number: int, texts: list[str], published):
    from tidings.articles.models import Article
    from tidings.sources.models import Source
    from tidings.stories.models import Story

    story = Story.objects.create(id=number, title=f"Story {number}", last_published=published)
    for i, text in enumerate(texts):
        source, _ = Source.objects.get_or_create(
            url=f"https://outlet{i}.example/feed", defaults={"name": f"Outlet {i}"}
        )
        Article.objects.create(
            source=source,
            story=story,
            guid=f"{number}-{i}",
            url=f"https://outlet{i}.example/{number}",
            canonical_url=f"https://outlet{i}.example/{number}",
            title=text[:80],
            text=text,
            text_origin="feed",
            published_at=published,
            entry_fingerprint=f"{number}-{i}",
            content_hash=f"{number}-{i}",
        )
    story.outlet_count = story.article_count = len(texts)
    story.save()
    return story


def stored_timings(made: list[list[str]]) -> dict:
    """p95 of each stored action, computed (no stored result) and served stored."""
    from django.utils import timezone

    from tidings.ai import services
    from tidings.ai.models import AiResult
    from tidings.ai.questions import ask

    stories = [make_story(n + 1, texts, timezone.now()) for n, texts in enumerate(made)]
    found = {"embed_stage_ms_per_article": embed_stage()}
    actions = {
        "summary": services.summary,
        "five_w": services.five_w,
        "timeline": services.timeline,
        "coverage": services.coverage,
        "changes": services.story_changes,
        "ask": lambda subject: ask(subject, QUESTION),
        "ask_many_words": lambda subject: ask(subject, MANY_WORDS_QUESTION),
    }
    for name, action in actions.items():
        # What a reader's first request (or the background task) does; forgetting the
        # stored results is the bench's doing, so it is not timed.
        found[f"{name}_computed"] = timed(
            lambda story, a=action: a(services.Subject(story)),
            stories,
            prepare=lambda story: AiResult.objects.filter(story=story).delete(),
        )
        found[f"{name}_stored"] = timed(lambda story, a=action: a(services.Subject(story)), stories)
    return found


def wrap_up_timings(count: int, made: list[list[str]]) -> dict[str, float]:
    """The wrap-up of yesterday with ``count`` stories of three articles each, computed
    (summaries included) and stored."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from tidings.web.wrapup import wrap_up

    day = timezone.localdate() - timedelta(days=1)
    noon = datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())
    for n in range(count):
        make_story(10_000 + n, made[n % len(made)][:3], noon)
    embed_stage()
    started = time_now()
    wrap_up(day, again=True)
    computed = time_now() - started
    started = time_now()
    wrap_up(day)
    return {"computed_ms": round(computed), "stored_ms": round(time_now() - started, 1)}


def embed_stage() -> float:
    """Run the embed stage over the articles not yet embedded, as enrichment does; an
    article whose text was embedded already gets a copy of what was stored for it (the
    bench reuses texts). Returns the milliseconds per article embedded."""
    from tidings.articles.models import Article
    from tidings.enrich import stored_embeddings
    from tidings.enrich.models import ArticleAnalysis

    pending = list(Article.objects.filter(analysis__isnull=True).select_related("source"))
    first = {article.text: article for article in reversed(pending)}
    done = {
        row.article.text: row
        for row in ArticleAnalysis.objects.select_related("article").exclude(embedding=None)
    }
    todo = [article for text, article in first.items() if text not in done]
    embedding_now = {article.pk for article in todo}
    started = time_now()
    stored_embeddings.process(todo)
    spent = (time_now() - started) / max(len(todo), 1)
    done.update(
        (row.article.text, row)
        for row in ArticleAnalysis.objects.select_related("article").exclude(embedding=None)
    )
    ArticleAnalysis.objects.bulk_create(
        [
            ArticleAnalysis(
                article=article,
                embedding=done[article.text].embedding,
                embedding_backend=done[article.text].embedding_backend,
                sentence_vectors=done[article.text].sentence_vectors,
            )
            for article in pending
            if article.pk not in embedding_now
        ]
    )
    return round(spent, 1)


def time_now() -> float:
    return 1000 * time.perf_counter()


if __name__ == "__main__":
    import os
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    # Rows are made for the stored timings: never in the reader's own database.
    os.environ["TIDINGS_HOME"] = tempfile.mkdtemp(prefix="tidings-bench-ai-")
    os.environ.pop("DATABASE_URL", None)
    main()
