"""Who, what, when, where, why and how of a story: each article's 5W1H (``five_w``),
and for each question the answer most of its articles give.

1. Answer the questions for the story's first ``MAX_ARTICLES`` articles (news answers the
   five W in its first reports; later ones add detail, not a new "who"), from each
   headline and lead. A copy of an article (same headline and text) is read once and
   counts as many times as it was published.
2. Group each question's answers by their words (case and spacing aside) and, for
   "when", by the date they resolve to: "Thursday" and "Nov 6" are the same day.
3. The answer given by the most articles wins; among equals, the earliest article's. It
   cites every article that gave it, each at the sentence (or headline) it comes from.
"""

from __future__ import annotations

from collections.abc import Sequence

from tidings.ai.cited import CitedArticle, statement
from tidings.ai.five_w import QUESTIONS, Answer, five_w_of_many

MAX_ARTICLES = 8


def story_five_w(articles: Sequence[CitedArticle], *, use_spacy: bool = True) -> list[dict]:
    """One item per question, in QUESTIONS order: ``{"question", "text", "date",
    "citations"}`` with text None (and no citations) when no article says."""
    read: dict[tuple[str, str], CitedArticle] = {}
    for article in articles:
        if len(read) >= MAX_ARTICLES:
            break
        read.setdefault((article.title, article.text), article)
    of_text = dict(
        zip(
            read,
            five_w_of_many(
                [(a.title, a.text, a.published) for a in read.values()], use_spacy=use_spacy
            ),
            strict=True,
        )
    )
    answers = [
        (article, of_text[article.title, article.text])
        for article in articles
        if (article.title, article.text) in of_text
    ]
    items = []
    for question in QUESTIONS:
        groups: dict[str, list[tuple[CitedArticle, Answer]]] = {}
        for article, found in answers:
            answer = found[question]
            if answer is not None:
                groups.setdefault(_key(question, answer), []).append((article, answer))
        if not groups:
            items.append({"question": question, "text": None, "date": None, "citations": []})
            continue
        # dicts keep insertion order, so max() keeps the earliest article among equals.
        best = max(groups.values(), key=len)
        first = best[0][1]
        items.append(
            statement(
                first.text,
                (article.cite(answer.start, answer.in_title) for article, answer in best),
                question=question,
                date=first.date,
            )
        )
    return items


def _key(question: str, answer: Answer) -> str:
    if question == "when" and answer.date:
        return answer.date
    return " ".join(answer.text.casefold().split())
