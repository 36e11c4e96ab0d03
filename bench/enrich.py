"""Throughput of the whole enrichment chain, stage by stage: language, extract, dedupe,
tag, summarise, facts, embed, with the ml extra (spaCy + YAKE hashtags, MiniLM
embeddings) and without it (YAKE hashtags, hashed embeddings).

    python bench/enrich.py [--mode ml|core|both] [--count 2000] [--batch 64]
                           [--trace-count 512]

What runs:

- The text stages read the real full-text articles of ../shared/data (Giveme5W1H 124,
  demo corpus 58, KPCrowd 131, the extraction benchmark's bodies 54: 367), cycled to
  ``--count``, one minute apart. Each copy after the first ends with a sentence of its
  own, so no stage sees the same text twice; the copies stay near-identical, so dedupe
  finds every cycle copy and checks it exactly, the worst case for that stage.
- Extraction needs HTML: it reads the extraction benchmark's 54 real pages, cycled to the
  same count.
- Each stage takes the articles in batches of ``--batch``, as ``tidings.enrich.stages``
  hands them over (spaCy's ``nlp.pipe`` over a batch, one embedding call per batch), and
  runs its pure core only: the database reads and writes of the stages' edges are not
  counted. Dedupe does what its edge does with the rows, in memory: for every batch it
  rebuilds the index from the stored signatures of the articles within its window and
  reads a stored text only when that article is a candidate.
- Models are loaded before the clock starts; loading is reported on its own line.
- The chain's rate is articles / the sum of the stages' seconds.

Memory is measured two ways, since neither sees everything:

- RSS: growth of the process's peak resident set (``ru_maxrss``) during each stage's calls,
  in the timed pass. It sees everything (onnxruntime, lxml and spaCy's C allocations
  included), but it is a high-water mark: only the stage that first pushes it higher is
  charged.
- traced: a second, untimed pass over the first ``--trace-count`` articles under
  ``tracemalloc`` (which slows Python several times over), seeing only allocations made
  through Python's allocator (Python objects and numpy arrays; not onnxruntime, lxml or
  the tokenizers' own memory). For each stage: the most one batch allocated above what
  was held when it started, and what the stage still holds after those batches (the
  stored signatures and links, the tagging corpus counts).

CPU seconds are printed beside wall seconds: the machine may be shared, and a stage's CPU
time (all its threads, onnxruntime's two included) moves less with the load than its
wall time does.

Each mode runs in a process of its own, so that its memory is its own. The bench sets
OPENBLAS_NUM_THREADS=1 unless it is set already: on two cores, OpenBLAS threads waiting
for work would compete with onnxruntime's and gain nothing on the small matrices of the
summary.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from pathlib import Path

from corpus import SHARED_DATA, real_articles  # bench/corpus.py, beside this script

STAGES = ["language", "extract", "dedupe", "tag", "summarize", "facts", "embed"]
BACKENDS = {
    "ml": {"tag": "spacy+yake", "embed": "model"},
    "core": {"tag": "yake", "embed": "hashed"},
}
MB = 1024 * 1024
# Tells the per-mode processes that OPENBLAS_NUM_THREADS came from this bench.
BLAS_SET_HERE = "TIDINGS_BENCH_SET_OPENBLAS"


@dataclass(frozen=True)
class BenchArticle:
    key: int
    published: datetime
    title: str
    text: str


@dataclass(frozen=True)
class Page:
    url: str
    html: bytes


def cycled_articles(data: Path, count: int) -> list[BenchArticle]:
    """``count`` articles, one minute apart; every pass over the data after the first
    appends a sentence naming the pass, so each text is distinct but a near-copy."""
    originals = real_articles(data)
    start = datetime(2025, 6, 1, tzinfo=UTC)
    articles = []
    for key, (title, text) in enumerate(islice(cycle(originals), count)):
        round_number = key // len(originals)
        if round_number:
            text = f"{text}\n\nThis copy was filed in round {round_number} of the benchmark."
        articles.append(BenchArticle(key, start + timedelta(minutes=key), title, text))
    return articles


def cycled_pages(data: Path, count: int) -> list[Page]:
    """The extraction benchmark's HTML pages, decompressed, cycled to ``count``."""
    truth = json.loads((data / "extraction" / "ground-truth.json").read_text())
    pages = [
        Page(truth[path.name.removesuffix(".html.gz")]["url"], gzip.decompress(path.read_bytes()))
        for path in sorted((data / "extraction" / "html").glob("*.html.gz"))
    ]
    return list(islice(cycle(pages), count))


@dataclass
class StoredCopy:
    """The columns of ``Article`` that dedupe reads and writes."""

    published: datetime
    signature: bytes
    copy_of: int | None = None
    similarity: float | None = None


class Chain:
    """The stages over one run of articles, each a function of one batch. What a stage
    keeps between batches (the copy index, corpus counts) lives here, as the database
    keeps it for the real edges."""

    def __init__(self, mode: str, articles: list[BenchArticle], pages: list[Page]) -> None:
        from tidings.enrich.tagging_data import CorpusCounts

        self.tag_backend = BACKENDS[mode]["tag"]
        self.embed_backend = BACKENDS[mode]["embed"]
        self.pages = pages
        self.languages: dict[int, str] = {}
        # What the database holds for dedupe: each article's text, and for those already
        # processed their signature and link.
        self.texts = {article.key: article.text for article in articles}
        self.stored: dict[int, StoredCopy] = {}
        self.tag_corpus = CorpusCounts()
        self.extracted_empty = 0
        self.stage_of: dict[str, Callable[[list[BenchArticle]], None]] = {
            "language": self.language,
            "extract": self.extract,
            "dedupe": self.dedupe,
            "tag": self.tag,
            "summarize": self.summarize,
            "facts": self.facts,
            "embed": self.embed,
        }

    def language(self, batch: list[BenchArticle]) -> None:
        from tidings.enrich.language import detect

        for article in batch:
            self.languages[article.key] = detect(f"{article.title}\n\n{article.text}").language

    def extract(self, batch: list[BenchArticle]) -> None:
        from tidings.extract.article import extract_article

        for article in batch:
            page = self.pages[article.key]
            if not extract_article(page.html, page.url).text:
                self.extracted_empty += 1

    def dedupe(self, batch: list[BenchArticle]) -> None:
        """As ``tidings.dedupe.linking.process`` does for a batch: every article's signature;
        an index rebuilt from the stored signatures of the articles within ``WINDOW``
        (their texts read only when one is a candidate); the batch added to it in time
        order; the links stored."""
        from tidings.dedupe.copy_index import CopyIndex, CopyRecord
        from tidings.dedupe.linking import WINDOW
        from tidings.dedupe.signatures import signature

        signatures = {article.key: signature(article.text) for article in batch}
        index = CopyIndex(load_texts=lambda keys: {key: self.texts[key] for key in keys})
        earliest, latest = batch[0].published - WINDOW, batch[-1].published + WINDOW
        for key, stored in self.stored.items():
            if stored.signature and earliest <= stored.published <= latest:
                target = self.stored.get(stored.copy_of) if stored.copy_of is not None else None
                index.remember(
                    key,
                    stored.published,
                    stored.signature,
                    stored.copy_of,
                    target.published if target else None,
                    stored.similarity,
                )
        for article in batch:
            self.stored[article.key] = StoredCopy(article.published, signatures[article.key])
        for article in batch:
            for link in index.add(CopyRecord(article.key, article.published, article.text)):
                self.stored[link.key].copy_of = link.copy_of
                self.stored[link.key].similarity = link.similarity

    @property
    def copies(self) -> int:
        return sum(stored.copy_of is not None for stored in self.stored.values())

    @property
    def too_short_to_copy(self) -> int:
        return sum(not stored.signature for stored in self.stored.values())

    def english(self, batch: list[BenchArticle]) -> list[BenchArticle]:
        from tidings.enrich.language import is_english

        return [article for article in batch if is_english(self.languages[article.key])]

    def tag(self, batch: list[BenchArticle]) -> None:
        """English articles only; rarity counted over the batches tagged before, as the
        edge counts it over the stored hashtags."""
        from tidings.enrich.aliases import slug_for
        from tidings.enrich.tagger import tag_documents
        from tidings.enrich.tagging_data import CorpusCounts, Document

        documents = [Document(article.title, article.text) for article in self.english(batch)]
        if not documents:
            return
        tagged = tag_documents(documents, backend=self.tag_backend, corpus=self.tag_corpus)
        self.tag_corpus = self.tag_corpus.plus(
            CorpusCounts(
                len(tagged.tags),
                _count_each({slug_for(tag.label) for tag in tags} for tags in tagged.tags),
            )
        )

    def summarize(self, batch: list[BenchArticle]) -> None:
        from tidings.enrich.summary import summarize

        for article in batch:
            summarize(article.title, article.text)

    def facts(self, batch: list[BenchArticle]) -> None:
        from tidings.enrich.facts_figures import extract_facts

        for article in self.english(batch):
            extract_facts(article.text)

    def embed(self, batch: list[BenchArticle]) -> None:
        from tidings.enrich.embeddings import article_text_for_embedding, embed

        texts = [article_text_for_embedding(article.title, article.text) for article in batch]
        embed(texts, self.embed_backend)


def _count_each(key_sets) -> dict[str, int]:
    counts: dict[str, int] = {}
    for keys in key_sets:
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def extra_installed() -> bool:
    """Whether the ml extra is here, found without loading it (loading is timed later)."""
    from importlib.util import find_spec

    from tidings.enrich.embeddings import model_available
    from tidings.enrich.tagging_models import SPACY_MODEL

    return model_available() and all(find_spec(name) for name in ("spacy", SPACY_MODEL))


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes


def load_models(mode: str, sample: BenchArticle, page: Page) -> dict[str, float]:
    """Import every stage and load its models, timing each; the timed pass then measures
    work alone. The warm-up inputs are real, so that every lazy load happens here."""
    from tidings.dedupe.signatures import signature
    from tidings.enrich.embeddings import article_text_for_embedding, embed
    from tidings.enrich.facts_figures import extract_facts
    from tidings.enrich.language import detect
    from tidings.enrich.summary import summarize
    from tidings.enrich.tagger import tag_documents
    from tidings.enrich.tagging_data import Document
    from tidings.extract.article import extract_article

    warm_ups = {
        "language": lambda: detect(sample.text),
        "extract": lambda: extract_article(page.html, page.url),
        "dedupe": lambda: signature(sample.text),
        "tag": lambda: tag_documents(
            [Document(sample.title, sample.text)], backend=BACKENDS[mode]["tag"]
        ),
        "summarize": lambda: summarize(sample.title, sample.text),
        "facts": lambda: extract_facts(sample.text),
        "embed": lambda: embed(
            [article_text_for_embedding(sample.title, sample.text)], BACKENDS[mode]["embed"]
        ),
    }
    seconds = {}
    for stage in STAGES:
        started = time.perf_counter()
        warm_ups[stage]()
        seconds[stage] = time.perf_counter() - started
    return seconds


@dataclass
class StageResult:
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_rise: int = 0
    traced_batch_peak: int = 0
    traced_held: int = 0
    traced_seconds: float = 0.0


@dataclass
class ModeResult:
    stages: dict[str, StageResult] = field(
        default_factory=lambda: {s: StageResult() for s in STAGES}
    )
    chain_traced_peak: int = 0


def batches(articles: list[BenchArticle], size: int) -> list[list[BenchArticle]]:
    return [articles[start : start + size] for start in range(0, len(articles), size)]


def timed_pass(chain: Chain, articles: list[BenchArticle], size: int, result: ModeResult) -> None:
    """Every batch through every stage in order, as ``enrich_articles`` runs them."""
    for batch in batches(articles, size):
        for stage in STAGES:
            peak_before = peak_rss_bytes()
            started, cpu_started = time.perf_counter(), time.process_time()
            chain.stage_of[stage](batch)
            result.stages[stage].seconds += time.perf_counter() - started
            result.stages[stage].cpu_seconds += time.process_time() - cpu_started
            result.stages[stage].peak_rss_rise += peak_rss_bytes() - peak_before


def traced_pass(chain: Chain, articles: list[BenchArticle], size: int, result: ModeResult) -> None:
    """The same run again under tracemalloc, on a fresh chain; its times are not rates."""
    tracemalloc.start()
    chain_start, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    chain_peak = 0
    for batch in batches(articles, size):
        for stage in STAGES:
            held_before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            started = time.perf_counter()
            chain.stage_of[stage](batch)
            stage_result = result.stages[stage]
            stage_result.traced_seconds += time.perf_counter() - started
            # Garbage in reference cycles (datasketch's LSH index makes some) is not held.
            _, peak = tracemalloc.get_traced_memory()
            gc.collect()
            held_after, _ = tracemalloc.get_traced_memory()
            stage_result.traced_batch_peak = max(stage_result.traced_batch_peak, peak - held_before)
            stage_result.traced_held += held_after - held_before
            chain_peak = max(chain_peak, peak - chain_start)
    tracemalloc.stop()
    result.chain_traced_peak = chain_peak


def run_mode(mode: str, count: int, size: int, data: Path, trace_count: int) -> None:
    """Load, run the timed pass, then the traced one, and print the report."""
    rss = {"at start": peak_rss_bytes()}
    if mode == "ml" and not extra_installed():
        print(
            "== mode ml: not measured, the ml extra (spaCy and its model, onnxruntime) is missing"
        )
        return
    articles = cycled_articles(data, count)
    pages = cycled_pages(data, count)
    rss["with the data read"] = peak_rss_bytes()
    load_seconds = load_models(mode, articles[0], pages[0])
    rss["once loaded"] = peak_rss_bytes()
    result = ModeResult()
    chain = Chain(mode, articles, pages)
    load_average = [os.getloadavg()[0]]
    timed_pass(chain, articles, size, result)
    load_average.append(os.getloadavg()[0])
    rss["after the timed pass"] = peak_rss_bytes()
    traced = min(trace_count, len(articles))
    if traced:
        traced_pass(Chain(mode, articles, pages), articles[:traced], size, result)

    distinct = len(real_articles(data))
    english = len(chain.english(articles))
    print(
        f"== mode {mode}: hashtags {BACKENDS[mode]['tag']}, embeddings {BACKENDS[mode]['embed']}"
        f"; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
        f"{' (set by this bench)' if os.environ.get(BLAS_SET_HERE) else ' (from the caller)'}"
    )
    print(
        f"{len(articles)} articles: {min(distinct, count)} distinct texts cycled, each copy "
        f"after the first ending with a sentence of its own; batches of {size}. extract needs "
        f"HTML: it reads the {len(set(pages))} real pages of extraction/html cycled to "
        f"{len(pages)}, "
        "and its output is not fed to the stages after it"
    )
    print(
        f"load average (1 min): {load_average[0]:.2f} before the timed pass, "
        f"{load_average[1]:.2f} after (2 cores; other work on the machine slows wall times)"
    )
    print(
        "loading (imports and models, not in the times below): "
        + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in load_seconds.items())
        + f"; total {sum(load_seconds.values()):.1f} s"
    )
    print("peak RSS: " + ", ".join(f"{rss[when] / MB:.0f} MB {when}" for when in rss))
    print()
    print_table(result, len(articles), traced)
    print()
    print(
        f"dedupe linked {chain.copies} of {len(articles)} articles to an earlier copy: "
        f"{max(0, len(articles) - distinct)} are cycle copies, and {chain.too_short_to_copy} "
        "are too short to be anyone's copy (the stage's MIN_WORDS); "
        f"{english} articles are in English, {len(articles) - english} not (tag and facts "
        f"skip those); extract found no text on {chain.extracted_empty} of {len(pages)} pages"
    )
    print(
        "chain: articles / the sum of the stages' seconds; 'without extract' is the "
        "enrichment that runs after ingest (extraction is part of ingest)"
    )
    print(
        "CPU s: process CPU time, all threads; RSS +MB: how far the stage's calls raised the "
        "peak resident set (a high-water mark: only the stage that raises it is charged)"
    )
    if traced:
        seconds = sum(stage.traced_seconds for stage in result.stages.values())
        print(
            f"traced: tracemalloc over the first {traced} articles ({seconds:.0f} s, not used "
            "for rates), Python allocations only; 'batch MB' is the most one batch allocated "
            "above what was held before it, 'held MB' what the stage still held after those "
            "batches (garbage collected first)"
        )
    sys.stdout.flush()


def print_table(result: ModeResult, articles: int, traced: int) -> None:
    columns = ["art/s", "seconds", "share", "CPU s", "art/CPU-s", "RSS +MB"]
    if traced:
        columns += ["batch MB", "held MB"]
    groups = f"{'':<22}{'-- wall time --':>30}{'-- CPU --':>20}{'':>10}"
    print((groups + (f"{'- tracemalloc -':>20}" if traced else "")).rstrip())
    print(f"{'':<22}" + "".join(f"{column:>10}" for column in columns))
    stages = result.stages
    total = sum(stage.seconds for stage in stages.values())
    for name, stage in stages.items():
        cells = [
            f"{articles / stage.seconds:.1f}",
            f"{stage.seconds:.2f}",
            f"{stage.seconds / total:.0%}",
            f"{stage.cpu_seconds:.2f}",
            f"{articles / stage.cpu_seconds:.1f}",
            f"{stage.peak_rss_rise / MB:.1f}",
        ]
        if traced:
            cells += [f"{stage.traced_batch_peak / MB:.1f}", f"{stage.traced_held / MB:.1f}"]
        print(f"{name:<22}" + "".join(f"{cell:>10}" for cell in cells))
    for name, left_out in [("chain", ""), ("chain without extract", "extract")]:
        chosen = [stage for stage_name, stage in stages.items() if stage_name != left_out]
        seconds = sum(stage.seconds for stage in chosen)
        cpu_seconds = sum(stage.cpu_seconds for stage in chosen)
        cells = [
            f"{articles / seconds:.1f}",
            f"{seconds:.2f}",
            "",
            f"{cpu_seconds:.2f}",
            f"{articles / cpu_seconds:.1f}",
            f"{sum(stage.peak_rss_rise for stage in chosen) / MB:.1f}",
        ]
        if traced and not left_out:
            cells += [f"{result.chain_traced_peak / MB:.1f}"]
        print(f"{name:<22}" + "".join(f"{cell:>10}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["ml", "core", "both"], default="both")
    parser.add_argument("--count", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--batch", type=int, default=64, help="articles per stage call")
    parser.add_argument(
        "--trace-count",
        type=int,
        default=512,
        help="articles of the tracemalloc pass (default 512; 0 skips it)",
    )
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    options = parser.parse_args()
    if options.count < 1 or options.batch < 1 or options.trace_count < 0:
        parser.error("--count and --batch must be at least 1, --trace-count at least 0")
    # Before numpy is loaded: every tidings stage is imported lazily, below this line.
    if "OPENBLAS_NUM_THREADS" not in os.environ:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
        os.environ[BLAS_SET_HERE] = "1"
    if options.mode != "both":
        run_mode(options.mode, options.count, options.batch, options.data, options.trace_count)
        return
    # Nothing is imported here: a child's peak RSS starts from its parent's.
    for mode in ["ml", "core"]:
        command = [sys.executable, __file__, *sys.argv[1:], "--mode", mode]
        subprocess.run(command, check=True)
        print()


if __name__ == "__main__":
    main()
