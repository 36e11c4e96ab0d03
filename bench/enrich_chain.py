"""The enrichment chain as ``bench/enrich.py`` times it: the real articles and pages cycled
to a count, and each stage's pure core over one batch, with what a stage keeps between
batches held in memory as the database holds it for the real edges."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from pathlib import Path

from corpus import real_articles  # bench/corpus.py, beside this script

BACKENDS = {
    "ml": {"tag": "spacy+yake", "embed": "model"},
    "core": {"tag": "yake", "embed": "hashed"},
}


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
