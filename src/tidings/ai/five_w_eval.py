"""How well the 5W1H answers match the phrases of the Giveme5W1H gold standard's coders.

Per article and question, the best SQuAD-style token F1 (lower case, punctuation and
"a/an/the" dropped) between our answer and any phrase that at least 2 of the 3 coders
chose; where at least 2 agreed the article has no answer, an empty answer scores 1 and
any other 0; questions without such agreement are skipped. Reported per question, as the
mean over who/what/when/where and over all six, beside the headline given as every
answer, with and without spaCy. The articles' descriptions (the standfirst under the
headline) are read as the text's first paragraph, as an extracted page has them.

How many opening sentences each question reads is the one setting tuned here: chosen by
5-fold cross-validation over events (copies of one event never straddle folds), and the
held-out scores are reported beside the development scores of the shipped windows.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections import Counter
from pathlib import Path

from tidings.ai.five_w import QUESTIONS, WINDOW, five_w, spacy_available
from tidings.enrich.facts_eval import with_standfirst
from tidings.jsonl import parse_published

DATA_FILE = "articles.dev.jsonl"
FOLDS = 5
WINDOWS = (1, 2, 3, 5)
FOUR_W = ("who", "what", "when", "where")
PUBLISHED = {"giveme5w1h_4w": 22.5, "giveme5w1h_5w1h": 18.4, "headline_5w1h": 18.3}


def normalised_tokens(text: str) -> list[str]:
    text = "".join(c for c in text.lower() if c not in string.punctuation + "‘’“”")
    return re.sub(r"\b(?:a|an|the)\b", " ", text).split()


def token_f1(prediction: str, gold: str) -> float:
    ours, theirs = normalised_tokens(prediction), normalised_tokens(gold)
    if not ours or not theirs:
        return float(ours == theirs)
    shared = sum((Counter(ours) & Counter(theirs)).values())
    if not shared:
        return 0.0
    precision, recall = shared / len(ours), shared / len(theirs)
    return 2 * precision * recall / (precision + recall)


def question_score(prediction: str | None, annotations: list[dict]) -> float | None:
    """Best F1 against the agreed phrases; None when the coders did not agree."""
    agreed = [a["text"] for a in annotations if a["coder_count"] >= 2]
    if not agreed:
        return None
    return max(
        float(not prediction) if phrase is None else token_f1(prediction or "", phrase)
        for phrase in agreed
    )


def read_articles(data_dir: Path) -> list[dict]:
    with open(Path(data_dir) / DATA_FILE, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _answers(articles, use_spacy: bool, window: dict[str, int]) -> list[dict]:
    found = []
    for article in articles:
        published = parse_published(article.get("date_publish", "").replace(" ", "T") or None)
        day = published.date() if published else None
        answers = five_w(
            article["title"], with_standfirst(article), day, use_spacy=use_spacy, window=window
        )
        found.append({q: a.text if a else None for q, a in answers.items()})
    return found


def _table(predictions: list[dict], articles: list[dict]) -> dict[str, float]:
    per_question = {}
    for question in QUESTIONS:
        scored = [
            question_score(p[question], a["annotations"][question])
            for p, a in zip(predictions, articles, strict=True)
        ]
        scored = [s for s in scored if s is not None]
        per_question[question] = 100 * sum(scored) / len(scored) if scored else 0.0
    result = {q: round(v, 1) for q, v in per_question.items()}
    result["mean_4w"] = round(sum(per_question[q] for q in FOUR_W) / 4, 1)
    result["mean_5w1h"] = round(sum(per_question.values()) / 6, 1)
    return result


def evaluate_five_w(data_dir: Path) -> dict:
    articles = read_articles(data_dir)
    runs = {"ours": _table(_answers(articles, True, WINDOW), articles)}
    if spacy_available():
        runs["ours_without_spacy"] = _table(_answers(articles, False, WINDOW), articles)
    headline = [{q: a["title"] for q in QUESTIONS} for a in articles]
    return {
        "articles": len(articles),
        "spacy": spacy_available(),
        "window": WINDOW,
        **runs,
        "cross_validated": _cross_validated(articles),
        "headline_baseline": _table(headline, articles),
        "published_whole_set": PUBLISHED,
    }


def _cross_validated(articles: list[dict]) -> dict:
    """Each question's window picked on four folds of events, scored on the fifth."""
    by_size = {size: _answers(articles, True, dict.fromkeys(WINDOW, size)) for size in WINDOWS}
    events = sorted({a["event"] for a in articles})
    random.Random(7).shuffle(events)
    fold_of = {event: k % FOLDS for k, event in enumerate(events)}
    held_out: list[dict] = [{} for _ in articles]
    picked = []
    for fold in range(FOLDS):
        train = [i for i, a in enumerate(articles) if fold_of[a["event"]] != fold]
        window = {}
        for question in QUESTIONS:
            if question not in WINDOW:  # read from the headline alone
                for i in range(len(articles)):
                    held_out[i][question] = by_size[WINDOWS[0]][i][question]
                continue
            window[question] = max(
                WINDOWS,
                key=lambda size, q=question: sum(
                    question_score(by_size[size][i][q], articles[i]["annotations"][q]) or 0
                    for i in train
                ),
            )
            for i, article in enumerate(articles):
                if fold_of[article["event"]] == fold:
                    held_out[i][question] = by_size[window[question]][i][question]
        picked.append(window)
    return {**_table(held_out, articles), "picked": picked}
