"""The AI panel's actions on stored articles: what the pages and the API both call.

Each story action returns its stored result when the story has not changed since it was
computed (``version_key``), and otherwise computes it from the pure cores, checks every
statement against its citations (``cited.checked``) and stores it. An article without a
story is its own one-article story, computed each time (it gets a story within minutes).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from itertools import pairwise

from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils import timezone

from tidings.ai import llm
from tidings.ai.cited import CitedArticle, checked, statement
from tidings.ai.claims import stances
from tidings.ai.compare import only_here
from tidings.ai.developments import developments
from tidings.ai.disagreements import figures_in_dispute
from tidings.ai.models import AiResult
from tidings.ai.story_five_w import story_five_w
from tidings.ai.story_summary import Document, KnownVectors, summarize_story
from tidings.articles.models import Article
from tidings.dedupe.diff import diff_texts
from tidings.enrich.embeddings import configured_backend
from tidings.enrich.stored_embeddings import stored_vectors
from tidings.stories.models import Story

log = logging.getLogger(__name__)

# Bump when an action's output changes shape or method, so stored results are redone.
RESULT_VERSION = "1"
ARTICLE_FIELDS = ("id", "title", "text", "published_at", "source__id", "source__name")
SUMMARY_TASK = "Summarise the news these sentences report in three to six short statements."


@dataclass
class Subject:
    """What the panel speaks about: a story, or one article that has none yet."""

    story: Story | None
    article: Article | None = None

    @classmethod
    def of_article(cls, article: Article) -> Subject:
        return cls(article.story, None) if article.story_id else cls(None, article)

    def rows(self) -> QuerySet[Article]:
        rows = (
            Article.objects.filter(story=self.story)
            if self.story
            else Article.objects.filter(pk=self.article.pk)
        )
        return rows.order_by("published_at", "id")

    @cached_property
    def articles(self) -> list[CitedArticle]:
        return [
            cited_article(row) for row in self.rows().select_related("source").only(*ARTICLE_FIELDS)
        ]

    @cached_property
    def stored_vectors(self) -> tuple[dict, dict]:
        return stored_vectors({a.id: a.text for a in self.articles}, configured_backend())

    @cached_property
    def vectorize(self) -> KnownVectors:
        """Sentence vectors as the embed stage stored them; only sentences it did not
        store (articles embedded before it stored sentences, questions) are embedded."""
        return KnownVectors(configured_backend(), self.stored_vectors[0])

    def version_key(self) -> str:
        """Changes when an article joins or leaves, or its text or headline changes."""
        digest = hashlib.sha256(RESULT_VERSION.encode())
        for row in self.rows().values_list("id", "content_hash", "modified_at"):
            digest.update(f"|{row[0]}:{row[1]}:{row[2].isoformat()}".encode())
        return digest.hexdigest()


def cited_article(row: Article) -> CitedArticle:
    return CitedArticle(
        id=row.pk,
        title=row.title,
        text=row.text,
        outlet=row.source.display_name,
        page_url=row.get_absolute_url(),
        published=timezone.localdate(row.published_at),
        source_id=row.source_id,
    )


def stored(subject: Subject, kind: str, compute: Callable[[], dict], question: str = "") -> dict:
    """The stored ``kind`` result (an answer: to ``question``) of the subject's story at
    its version, computed and stored first when there is none."""
    if subject.story is None:
        return compute()
    key = subject.version_key()
    row = AiResult.objects.filter(story=subject.story, kind=kind, question=question).first()
    if row is not None and row.version_key == key:
        return row.payload
    payload = compute()
    # Another request may store the same result meanwhile; either copy will do.
    with contextlib.suppress(IntegrityError):
        AiResult.objects.update_or_create(
            story=subject.story,
            kind=kind,
            question=question,
            defaults={"version_key": key, "payload": payload, "created_at": timezone.now()},
        )
    return payload


def summary(subject: Subject) -> dict:
    """3-6 cited statements across the outlets (a one-article story: the article's own)."""
    return stored(subject, AiResult.Kind.SUMMARY, lambda: _summary(subject))


def _summary(subject: Subject) -> dict:
    by_id = {article.id: article for article in subject.articles}
    documents = [Document(a.id, a.title, a.text, a.outlet) for a in subject.articles]
    statements = [
        statement(s.text, (by_id[c.document].cite(c.start) for c in s.citations))
        for s in summarize_story(documents, subject.vectorize)
    ]
    extractive = checked(statements, "summary")
    return with_backend(SUMMARY_TASK, extractive, by_id, "summary")


def with_backend(task: str, extractive: list[dict], by_id: dict, what: str) -> dict:
    """The generative backend's statements from the sentences ``extractive`` cites when
    one is configured and its answer passes; else ``extractive``."""
    backend = llm.configured()
    if backend is None or not extractive:
        return {"statements": extractive, "method": "extractive"}
    citations = list(
        {(c["article_id"], c["sentence"]): c for s in extractive for c in s["citations"]}.values()
    )
    answer = llm.cited_statements(backend, task, [c["quote"] for c in citations])
    if answer is None:
        return {"statements": extractive, "method": "extractive"}
    generated = [statement(text, (citations[i] for i in cited)) for text, cited in answer]
    return {"statements": checked(generated, what), "method": "generative"}


def five_w(subject: Subject) -> dict:
    return stored(
        subject, AiResult.Kind.FIVE_W, lambda: {"answers": _checked_five_w(subject.articles)}
    )


def _checked_five_w(articles: list[CitedArticle]) -> list[dict]:
    answers = story_five_w(articles)
    passed = {id(item) for item in checked([a for a in answers if a["text"]], "five-w")}
    return [
        item
        if item["text"] is None or id(item) in passed
        else {**item, "text": None, "date": None, "citations": []}
        for item in answers
    ]


def timeline(subject: Subject) -> dict:
    return stored(
        subject,
        AiResult.Kind.TIMELINE,
        lambda: {"entries": checked(developments(subject.articles), "timeline")},
    )


def coverage(subject: Subject) -> dict:
    """Per outlet what only it reports, and the figures outlets disagree on."""
    return stored(subject, AiResult.Kind.COVERAGE, lambda: _coverage(subject))


def _coverage(subject: Subject) -> dict:
    articles = subject.articles
    outlets = {article.source_id for article in articles}
    if len(outlets) < 2:
        return {"outlets": [], "figures": [], "stance": None, "compared": False}
    compared = [
        {**outlet, "statements": checked(outlet["statements"], "coverage")}
        for outlet in only_here(articles)
    ]
    claim = next(iter(summary(subject)["statements"]), None)
    return {
        "outlets": compared,
        "figures": figures_in_dispute(articles),
        "stance": (
            stances(claim, articles, subject.vectorize, subject.stored_vectors[1])
            if claim
            else None
        ),
        "compared": True,
    }


def story_changes(subject: Subject) -> dict:
    """``{"articles": [changes]}``: the edits of each article of the story that its
    publisher changed since we first saw it."""

    def compute() -> dict:
        found = [changes(row) for row in subject.rows().prefetch_related("versions")]
        return {"articles": [each for each in found if each["edited"]]}

    return stored(subject, AiResult.Kind.CHANGES, compute)


def changes(article: Article) -> dict:
    """The publisher's edits of ``article`` since we first saw it, oldest first: each step
    a word diff (``dedupe.diff``) and the headline before and after."""
    versions = sorted(article.versions.all(), key=lambda v: (v.replaced_at, v.pk))
    texts = [(v.title, v.text, v.replaced_at) for v in versions] + [
        (article.title, article.text, None)
    ]
    steps = []
    for (title, text, replaced_at), (new_title, new_text, _) in pairwise(texts):
        steps.append(
            {
                "replaced_at": replaced_at.isoformat(),
                "title_before": title,
                "title_after": new_title,
                "changes": [asdict(change) for change in diff_texts(text, new_text)],
            }
        )
    return {
        "article_id": article.pk,
        "title": article.title,
        "page_url": article.get_absolute_url(),
        "edited": bool(steps),
        "steps": steps,
    }
