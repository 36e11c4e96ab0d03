"""Who, what, when, where, why and how of a story: each article's 5W1H (``five_w``),
and for each question the answer most of its articles give.

1. Answer the questions for every article, from its headline and lead.
2. Group each question's answers by their words (case and spacing aside) and, for
   "when", by the date they resolve to: "Thursday" and "Nov 6" are the same day.
3. The answer given by the most articles wins; among equals, the earliest article's. It
   cites every article that gave it, each at the sentence (or headline) it comes from.
"""

from __future__ import annotations

from collections.abc import Sequence

from tidings.ai.cited import CitedArticle, statement
from tidings.ai.five_w import QUESTIONS, Answer, five_w


def story_five_w(articles: Sequence[CitedArticle], *, use_spacy: bool = True) -> list[dict]:
    """One item per question, in QUESTIONS order: ``{"question", "text", "date",
    "citations"}`` with text None (and no citations) when no article says."""
    answers = [
        (article, five_w(article.title, article.text, article.published, use_spacy=use_spacy))
        for article in articles
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
