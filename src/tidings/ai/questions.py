"""A reader's question, answered from the story's articles and their related articles.

The answer is the articles' own sentences that answer it (``answer.answer_question``),
each cited, or "These articles do not say" with the closest sentences. With a generative
backend the sentences are phrased into an answer, which is shown only if it passes the
citation check. Answers are stored per story version and question (case, spacing and
punctuation aside), so that the same question asked again is answered at once.
"""

from __future__ import annotations

import re

from tidings.ai.cited import checked, statement
from tidings.ai.models import AiResult
from tidings.ai.services import Subject, cited_article, stored, with_backend
from tidings.ai.story_summary import Document
from tidings.enrich.embeddings import configured_backend
from tidings.enrich.stored_embeddings import stored_vectors
from tidings.stories.related import related_for_page

MAX_QUESTION = 300
_WORD = re.compile(r"\w+")
RELATED_ARTICLES = 6


def normalised(question: str) -> str:
    """What makes two questions the same question: their words, in lower case."""
    return " ".join(_WORD.findall(question.casefold()))[:MAX_QUESTION]


def ask(subject: Subject, question: str) -> dict:
    """``{"question", "answered", "statements", "method"}``: when not answered,
    ``statements`` are the closest sentences, not an answer."""
    found = stored(
        subject,
        AiResult.Kind.ANSWER,
        lambda: _answer(subject, question),
        question=normalised(question),
    )
    return {**found, "question": question}


def _answer(subject: Subject, question: str) -> dict:
    from tidings.ai.answer import answer_question

    articles = list(subject.articles)
    lead = subject.rows().select_related("source").first()
    if lead is not None:
        known = {article.id for article in articles}
        articles += [
            cited_article(row)
            for row in related_for_page(lead, limit=RELATED_ARTICLES)
            if row.pk not in known
        ]
    by_id = {article.id: article for article in articles}
    documents = [Document(a.id, a.title, a.text, a.outlet) for a in articles]
    vectorize = subject.vectorize
    related = {a.id: a.text for a in articles[len(subject.articles) :]}
    vectorize.known.update(stored_vectors(related, configured_backend())[0])
    found = answer_question(question, documents, vectorize, known=vectorize.known)
    statements = checked(
        (
            statement(s.text, (by_id[c.document].cite(c.start) for c in s.citations))
            for s in found.statements
        ),
        "answer",
    )
    if found.abstained or not statements:
        return {
            "question": question,
            "answered": False,
            "statements": statements,
            "method": "extractive",
        }
    task = f"Answer this question from the sentences: {question}"
    return {
        "question": question,
        "answered": True,
        **with_backend(task, statements, by_id, "answer"),
    }
