"""How many of the numbers that carry the news the key facts keep: lead-number recall.

For each article, the numbers of its headline and of the first two sentences of its text
(the lead) are read; a number is recalled when one of the article's key facts (the
``MAX_FACTS`` a page shows) states the same amount. Years, dates, clock times, ordinals
and digits inside codes and labels ("G7", "MH17", "COVID-19", "No. 446") are aside: they
count nothing. A headline's number that the text never states is counted apart, since
every fact quotes a sentence of the text. Numerals are the measure; number words ("five",
"a dozen", "two-thirds") are reported beside it. As a check of precision, the share of
facts that are only a date or a year is reported too.

The articles are every headed English news text of ``shared/data``. The rules were written while
reading the misses of the development corpora; the check corpora were only scored, so
their numbers say how the rules fare on text they were not written for. The rules have
no fitted parameters: nothing is tuned on a split, so there is nothing to cross-validate.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tidings.enrich.facts_amounts import MONTH, Amount, amounts, stated_amounts
from tidings.enrich.facts_figures import extract_facts
from tidings.enrich.language import detect, is_english
from tidings.enrich.sentences import is_furniture, is_heading, lead_in_length, split_sentences

LEAD_SENTENCES = 2
DEVELOPMENT = ("demo-corpus", "demo-corpus2", "g5w1h-news", "giveme5w1h")
CHECK = ("kpcrowd", "quail-news")

_ONLY_DATE = re.compile(rf"^(?:[\w\s]*\b{MONTH}\s\d{{1,2}}.*|(?:1[89]|20)\d\d)$")


@dataclass(frozen=True)
class LeadNumber:
    where: str  # "headline" or "lead"
    amount: Amount


def lead_numbers(title: str, text: str) -> list[LeadNumber]:
    """The numbers of the headline and of the text's first sentences (headings, captions
    and a repeat of the headline left out)."""
    found = [LeadNumber("headline", amount) for amount in amounts(title)]
    lead = []
    for sentence in split_sentences(text):
        prose = sentence.text[lead_in_length(sentence.text) :]
        if prose.strip() == title.strip() or is_heading(prose) or is_furniture(prose):
            continue
        lead.append(prose)
        if len(lead) == LEAD_SENTENCES:
            break
    found += [LeadNumber("lead", amount) for line in lead for amount in amounts(line)]
    return found


def is_date_or_year(value: str) -> bool:
    return bool(_ONLY_DATE.match(value.strip()))


def score_articles(articles: list[tuple[str, str]]) -> dict:
    """Lead-number recall over (headline, text) pairs, with the share of date facts."""
    totals = {key: [0, 0] for key in ("numerals", "headline", "lead", "words")}
    unstated = 0
    facts_seen = dates = 0
    for title, text in articles:
        facts = extract_facts(text, title=title)
        stated = set().union(*(stated_amounts(fact.value) for fact in facts))
        facts_seen += len(facts)
        dates += sum(is_date_or_year(fact.value) for fact in facts)
        in_text = {round(amount.amount, 6) for amount in amounts(text)}
        for number in lead_numbers(title, text):
            if number.where == "headline" and round(number.amount.amount, 6) not in in_text:
                unstated += 1  # a fact quotes the text: it cannot state what only the headline does
                continue
            hit = round(number.amount.amount, 6) in stated
            keys = ["words"] if number.amount.in_words else ["numerals", number.where]
            for key in keys:
                totals[key][0] += hit
                totals[key][1] += 1
    return {
        "articles": len(articles),
        "lead_number_recall": _share(*totals["numerals"]),
        "headline_number_recall": _share(*totals["headline"]),
        "first_sentences_number_recall": _share(*totals["lead"]),
        "number_word_recall": _share(*totals["words"]),
        "lead_numbers": totals["numerals"][1],
        "headline_numbers_not_in_text": unstated,
        "facts_per_article": round(facts_seen / max(1, len(articles)), 2),
        "facts_dates_or_years": _share(dates, facts_seen),
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def read_corpora(data_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """(headline, text) of each article with both, per corpus of ``shared/data``."""

    def rows(path: str) -> list[dict]:
        file = data_dir / path
        if not file.is_file():
            return []
        return [json.loads(line) for line in file.read_text().splitlines()]

    corpora = {
        "demo-corpus": [(r["title"], r["body"]) for r in rows("demo-corpus/articles.jsonl")],
        "demo-corpus2": [(r["title"], r["text"]) for r in rows("demo-corpus2/articles.jsonl")],
        "g5w1h-news": [
            (r["title"], r["text"]) for r in rows("clustering-news/g5w1h_news_cluster.dev.jsonl")
        ],
        "giveme5w1h": [
            (r["title"], with_standfirst(r)) for r in rows("ai/giveme5w1h-gold/articles.dev.jsonl")
        ],
        "kpcrowd": [
            tuple(r["text"].split("\n", 1))
            for r in rows("keyphrases/500N-KPCrowd.dev.jsonl")
            if not r["title_only"] and "\n" in r["text"]
        ],
        "quail-news": list(
            {
                r["text_id"]: (r["title"], r["context"])
                for r in rows("ai/quail-news/quail_news.dev.jsonl")
            }.values()
        ),
    }
    # Facts are found in English only: other languages are skipped, as the stage skips them.
    english = {
        name: [(title, text) for title, text in articles if is_english(detect(text).language)]
        for name, articles in corpora.items()
    }
    return {name: articles for name, articles in english.items() if articles}


def with_standfirst(row: dict) -> str:
    """A Giveme5W1H record's text with its standfirst (``description``) read as the first
    paragraph, as an extracted page has it; the 5W1H evaluation reads them so too."""
    description, text = row.get("description") or "", row["text"]
    return text if not description or description in text else f"{description}\n\n{text}"


def evaluate_facts(data_dir: Path) -> dict:
    corpora = read_corpora(data_dir)
    scores = {name: score_articles(articles) for name, articles in corpora.items()}
    development = [a for name in DEVELOPMENT for a in corpora.get(name, [])]
    check = [a for name in CHECK for a in corpora.get(name, [])]
    return {
        "development": score_articles(development),
        "check": score_articles(check),
        "per_corpus": scores,
    }
