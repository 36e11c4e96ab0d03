"""What each outlet reports about a story that the others do not.

1. An outlet's candidates are the prose sentences of its articles' openings
   (``LEAD_SENTENCES`` each), datelines dropped.
2. A candidate is the outlet's own when no sentence of any other outlet shares
   ``SHARED`` or more of its content words: the others may mention the same people,
   but they do not say the same thing.
3. Each outlet keeps its first ``PER_OUTLET`` such sentences (news says the most
   important things first).

Statements are the outlets' own sentences, so they pass the citation check by
construction. Outlets without anything of their own are listed with no statements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tidings.ai.cited import CitedArticle, statement
from tidings.enrich.sentences import word_set

LEAD_SENTENCES = 10
PER_OUTLET = 2
SHARED = 0.5
MIN_WORDS = 8

_WORD = re.compile(r"\w+")
_STOP = word_set(
    """about after also been before from have their there they this that were what when
    where which while will with would said says into than then them over more most"""
)


def only_here(articles: Sequence[CitedArticle]) -> list[dict]:
    """``{"outlet", "source_id", "statements"}`` per outlet, in the order of its first
    article."""
    outlets: dict[int, list[CitedArticle]] = {}
    for article in articles:
        outlets.setdefault(article.source_id, []).append(article)
    said = {
        source_id: [_words(s.text) for article in group for s in article.sentences]
        for source_id, group in outlets.items()
    }
    compared = []
    for source_id, group in outlets.items():
        others = [
            words for other, all_words in said.items() if other != source_id for words in all_words
        ]
        own = []
        candidates = (
            (article, number, text)
            for article in group
            for number, text in article.lead(LEAD_SENTENCES, MIN_WORDS)
        )
        for article, number, text in candidates:
            words = _words(text)
            if words and all(len(words & other) < SHARED * len(words) for other in others):
                own.append(statement(text, [article.cite_sentence(number)]))
            if len(own) >= PER_OUTLET:
                break
        compared.append({"outlet": group[0].outlet, "source_id": source_id, "statements": own})
    return compared


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 3 and w not in _STOP}
