"""The articles the panel cites, and its statements in the shape pages and the API show.

A citation names the article, the number of the sentence that says it (the article page
anchors sentence ``n`` as ``#s-<n>``, the headline as ``#s-title``) and quotes the whole
sentence. Every statement passes the citation check (``citations.unsupported``) against
the sentences it cites before anyone sees it: one that fails is dropped and logged,
whatever wrote it.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from tidings.ai.citations import unsupported
from tidings.enrich.sentences import Sentence, lead_sentences, split_sentences

log = logging.getLogger(__name__)

TITLE_ANCHOR = "s-title"


def sentence_anchor(number: int) -> str:
    return f"s-{number}"


@dataclass(frozen=True)
class CitedArticle:
    """One article as the panel reads it: plain data, no database row."""

    id: int
    title: str
    text: str
    outlet: str
    page_url: str
    published: date | None = None
    source_id: int = 0

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    def sentence_at(self, offset: int) -> int | None:
        """The number of the sentence holding ``offset`` into the text, if any."""
        starts = [sentence.start for sentence in self.sentences]
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return index
        return None

    def lead(self, count: int, min_words: int) -> list[tuple[int, str]]:
        """(number, text) of the prose sentences among the first ``count``, datelines
        ("ROME (AP) -") dropped, of at least ``min_words`` words."""
        return [(s.number, s.text) for s in lead_sentences(self.text, count, min_words)]

    def cite_sentence(self, number: int) -> dict:
        return {
            "article_id": self.id,
            "outlet": self.outlet,
            "sentence": number,
            "quote": self.sentences[number].text,
            "page_url": f"{self.page_url}#{sentence_anchor(number)}",
        }

    def cite_title(self) -> dict:
        return {
            "article_id": self.id,
            "outlet": self.outlet,
            "sentence": None,
            "quote": self.title,
            "page_url": f"{self.page_url}#{TITLE_ANCHOR}",
        }

    def cite(self, start: int, in_title: bool = False) -> dict | None:
        """The citation of the stretch starting at ``start`` (of the title, if
        ``in_title``), or None when no sentence holds it."""
        if in_title:
            return self.cite_title()
        number = self.sentence_at(start)
        return None if number is None else self.cite_sentence(number)


def statement(text: str, citations: Iterable[dict | None], **extra) -> dict:
    """A statement as pages and the API show it: its text and its citations (one per
    article and sentence, in order)."""
    unique = {(c["article_id"], c["sentence"]): c for c in citations if c is not None}
    return {"text": text, "citations": list(unique.values()), **extra}


def checked(statements: Iterable[dict], what: str) -> list[dict]:
    """The statements that pass the citation check against the sentences they cite; each
    one that does not is logged and left out."""
    kept = []
    for item in statements:
        quotes = [citation["quote"] for citation in item["citations"]]
        missing = unsupported(item["text"], quotes) if quotes else ["(no citation)"]
        if missing:
            log.warning("%s: dropped a statement stating %s unsupported", what, missing)
            continue
        kept.append(item)
    return kept
