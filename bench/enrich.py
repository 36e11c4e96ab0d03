"""Throughput of the whole enrichment chain, stage by stage: language, extract, dedupe,
tag, summarise, facts, embed, with the ml extra (spaCy + YAKE hashtags, MiniLM
embeddings) and without it (YAKE hashtags, hashed embeddings).

    python bench/enrich.py [--mode ml|core|both] [--count 2000] [--batch 64]

What runs:

- The text stages read the real full-text articles of ../shared/data (Giveme5W1H 124,
  demo corpus 58, KPCrowd 131, the extraction benchmark's bodies 54: 367), cycled to
  ``--count``. Each copy after the first ends with a sentence of its own, so no stage sees
  the same text twice; the copies stay near-identical, so dedupe finds every cycle copy
  and checks it exactly, the worst case for that stage.
- Extraction needs HTML: it reads the extraction benchmark's 54 real pages, cycled to the
  same count.
- Each stage takes the articles in batches of ``--batch``, as ``tidings.enrich.stages``
  hands them over (spaCy's ``nlp.pipe`` over a batch, one embedding call per batch), and
  runs its pure core only: the database reads and writes of the stages' edges are not
  counted.
- Models are loaded before the clock starts; loading is reported on its own line.
- The chain's rate is articles / the sum of the stages' seconds.

Memory is measured two ways, since neither sees everything:

- RSS: growth of the process's peak resident set (``ru_maxrss``) during each stage's calls,
  in the timed pass. It sees everything (onnxruntime, lxml and spaCy's C allocations
  included), but it is a high-water mark: only the stage that first pushes it higher is
  charged.
- traced: a second, untimed pass under ``tracemalloc``, which sees only allocations made
  through Python's allocator (Python objects and numpy arrays; not onnxruntime, lxml or
  the tokenizers' own memory). For each stage: the most one batch allocated above what
  was held when it started, and what the stage still holds after all batches (the copy
  index, the tagging corpus counts).

Each mode runs in a process of its own, so that its memory is its own. The bench sets
OPENBLAS_NUM_THREADS=1 unless it is set already: on two cores, OpenBLAS threads waiting
for work would compete with onnxruntime's and gain nothing on the small matrices of the
summary.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
STAGES = ["language", "extract", "dedupe", "tag", "summarize", "facts", "embed"]
BACKENDS = {
    "ml": {"tag": "spacy+yake", "embed": "model"},
    "core": {"tag": "yake", "embed": "hashed"},
}
MB = 1024 * 1024


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


class Chain:
    """The stages over one run of articles, each a function of one batch. What a stage
    keeps between batches (the copy index, corpus counts) lives here, as the database
    keeps it for the real edges."""

    def __init__(self, mode: str, articles: list[BenchArticle], pages: list[Page]) -> None:
        from tidings.dedupe.copies import CopyIndex
        from tidings.enrich.tagging import CorpusCounts

        self.tag_backend = BACKENDS[mode]["tag"]
        self.embed_backend = BACKENDS[mode]["embed"]
        self.pages = pages
        self.languages: dict[int, str] = {}
        self.copy_index = CopyIndex()
        self.copies = 0
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
        """As ``tidings.dedupe.copies.process`` does: the signature to store, then the
        article added to the index of its neighbours in time."""
        from tidings.dedupe.copies import CopyRecord, signature

        for article in batch:
            signature(article.text)
            links = self.copy_index.add(CopyRecord(article.key, article.published, article.text))
            self.copies += links[0].copy_of is not None

    def english(self, batch: list[BenchArticle]) -> list[BenchArticle]:
        from tidings.enrich.language import is_english

        return [article for article in batch if is_english(self.languages[article.key])]

    def tag(self, batch: list[BenchArticle]) -> None:
        """English articles only; rarity counted over the batches tagged before, as the
        edge counts it over the stored hashtags."""
        from tidings.enrich.aliases import slug_for
        from tidings.enrich.tagging import CorpusCounts, Document, tag_documents

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
        from tidings.enrich.facts import extract_facts

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


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes


def load_models(mode: str, sample: BenchArticle, page: Page) -> dict[str, float]:
    """Import every stage and load its models, timing each; the timed pass then measures
    work alone. The warm-up inputs are real, so that every lazy load happens here."""
    from tidings.dedupe.copies import signature
    from tidings.enrich.embeddings import article_text_for_embedding, embed
    from tidings.enrich.facts import extract_facts
    from tidings.enrich.language import detect
    from tidings.enrich.summary import summarize
    from tidings.enrich.tagging import Document, tag_documents
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
    rss_growth: int = 0
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
            rss_before = peak_rss_bytes()
            started = time.perf_counter()
            chain.stage_of[stage](batch)
            result.stages[stage].seconds += time.perf_counter() - started
            result.stages[stage].rss_growth += peak_rss_bytes() - rss_before


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
            held_after, peak = tracemalloc.get_traced_memory()
            stage_result.traced_batch_peak = max(stage_result.traced_batch_peak, peak - held_before)
            stage_result.traced_held += held_after - held_before
            chain_peak = max(chain_peak, peak - chain_start)
    tracemalloc.stop()
    result.chain_traced_peak = chain_peak


def run_mode(mode: str, count: int, size: int, data: Path, trace: bool) -> None:
    rss_at_start = peak_rss_bytes()
    articles = cycled_articles(data, count)
    pages = cycled_pages(data, count)
    distinct = len(real_articles(data))
    rss_with_data = peak_rss_bytes()
    load_seconds = load_models(mode, articles[0], pages[0])
    rss_loaded = peak_rss_bytes()

    result = ModeResult()
    chain = Chain(mode, articles, pages)
    load_before = os.getloadavg()[0]
    timed_pass(chain, articles, size, result)
    load_after = os.getloadavg()[0]
    rss_timed = peak_rss_bytes()
    if trace:
        traced_pass(Chain(mode, articles, pages), articles, size, result)

    backends = BACKENDS[mode]
    other = len(articles) - len(chain.english(articles))
    print(
        f"== mode {mode}: hashtags {backends['tag']}, embeddings {backends['embed']}; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
        f"{' (set by this bench)' if os.environ.get('TIDINGS_BENCH_SET_BLAS') else ''}"
    )
    print(
        f"{len(articles)} articles ({distinct} distinct texts cycled, copies marked by an "
        f"appended sentence), batches of {size}; extract reads {len(set(pages))} real HTML "
        f"pages cycled to {len(pages)} (it needs HTML; its output is not fed on)"
    )
    print(
        f"load average (1 min) {load_before:.2f} before, {load_after:.2f} after the timed pass "
        "(2 cores; other work on the machine slows every figure)"
    )
    print(
        "loading, not timed below: "
        + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in load_seconds.items())
        + f"; total {sum(load_seconds.values()):.1f} s"
    )
    print(
        f"peak RSS: {rss_at_start / MB:.0f} MB at start, {rss_with_data / MB:.0f} MB with the "
        f"data read, {rss_loaded / MB:.0f} MB once loaded, {rss_timed / MB:.0f} MB after the run"
    )
    print()
    header = f"{'stage':<22}{'articles/s':>11}{'seconds':>9}{'share':>7}{'RSS +MB':>9}"
    if trace:
        header += f"{'traced batch MB':>17}{'traced held MB':>16}"
    print(header)
    total = sum(stage.seconds for stage in result.stages.values())
    for name, stage in result.stages.items():
        line = (
            f"{name:<22}{len(articles) / stage.seconds:>11.1f}{stage.seconds:>9.2f}"
            f"{stage.seconds / total:>7.0%}{stage.rss_growth / MB:>9.1f}"
        )
        if trace:
            line += f"{stage.traced_batch_peak / MB:>17.1f}{stage.traced_held / MB:>16.1f}"
        print(line)
    without_extract = total - result.stages["extract"].seconds
    for name, seconds in [("chain", total), ("chain without extract", without_extract)]:
        line = f"{name:<22}{len(articles) / seconds:>11.1f}{seconds:>9.2f}{'':>7}"
        line += f"{(rss_timed - rss_loaded) / MB:>9.1f}"
        if trace and name == "chain":
            line += f"{result.chain_traced_peak / MB:>17.1f}"
        print(line)
    print()
    print(
        f"dedupe linked {chain.copies} of {len(articles)} articles to an earlier copy "
        f"({len(articles) - distinct if len(articles) > distinct else 0} are cycle copies); "
        f"languages: {len(articles) - other} English, {other} other (tag and facts skip "
        f"those); extract gave no text for {chain.extracted_empty} of {len(pages)} pages"
    )
    if trace:
        traced = sum(stage.traced_seconds for stage in result.stages.values())
        print(
            f"traced pass took {traced:.1f} s (tracemalloc slows Python allocations; "
            "its times are not used for the rates)"
        )
    print(
        "chain = articles / the sum of the stages' seconds; 'chain without extract' is "
        "the enrichment after ingest (extraction runs during ingest)"
    )
    print("RSS +MB: rise of the peak resident set during the stage's calls (high-water mark)")
    if trace:
        print(
            "traced: tracemalloc, Python allocations only; 'batch' is the most one batch "
            "allocated above what was held before it, 'held' what the stage keeps after all "
            "batches"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["ml", "core", "both"], default="both")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument(
        "--no-trace", action="store_true", help="skip the tracemalloc pass (halves the time)"
    )
    options = parser.parse_args()
    # Before numpy is imported (every tidings stage imports it lazily, below this line).
    if "OPENBLAS_NUM_THREADS" not in os.environ:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
        os.environ["TIDINGS_BENCH_SET_BLAS"] = "1"
    if options.mode != "both":
        run_mode(options.mode, options.count, options.batch, options.data, not options.no_trace)
        return
    from tidings.enrich.embeddings import model_available
    from tidings.enrich.tagging import available_backend

    modes = ["core"]
    if model_available() and available_backend() == "spacy+yake":
        modes.insert(0, "ml")
    for number, mode in enumerate(modes):
        if number:
            print()
        command = [sys.executable, __file__, *sys.argv[1:], "--mode", mode]
        subprocess.run(command, check=True)
    if "ml" not in modes:
        print("\nmode ml: not measured, the ml extra (spaCy model, onnxruntime) is not installed")


if __name__ == "__main__":
    main()
