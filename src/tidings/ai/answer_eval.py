"""How well questions are answered, and "the articles do not say" said, on QuAIL's news
questions (Voice of America stories, four options each, one "not enough information").

Each question goes in with its story as the one document and its options. Scored:
accuracy; accuracy on the answerable questions; the share of unanswerable questions
answered "not enough information" (its recall); the share of answerable ones wrongly
answered so (false abstentions); the share of statements passing the citation check.
Beside them, in the same run: random choice (its expectation, 25 %, and one seeded draw)
and word overlap (the option sharing the most words with the story).

The abstention threshold is the one setting tuned here: the most accurate one that still
answers at least half of the unanswerable questions "not enough information" (the
feature's promise: say so rather than guess), chosen by 5-fold cross-validation over
texts (a story's questions never straddle folds); the held-out scores are reported
beside the development scores of the shipped threshold.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from tidings.ai.answer import MIN_SUPPORT, Answer, Settings, answer_question
from tidings.ai.citations import passes
from tidings.ai.story_summary import Document, KnownVectors
from tidings.ai.words import content_words, covered
from tidings.enrich.embeddings import resolve_backend

DATA_FILE = "quail_news.dev.jsonl"
FOLDS = 5
MIN_NOT_ENOUGH_RECALL = 50.0
THRESHOLDS = tuple(round(0.2 + 0.05 * step, 2) for step in range(13))  # 0.2 .. 0.8


def read_questions(data_dir: Path) -> list[dict]:
    with open(Path(data_dir) / DATA_FILE, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def not_enough_index(question: dict) -> int:
    return next(i for i, o in enumerate(question["options"]) if "not enough" in o.lower())


def scores(chosen: list[int | None], questions: list[dict]) -> dict[str, float]:
    right = [c == q["answer_index"] for c, q in zip(chosen, questions, strict=True)]
    said_not_enough = [c == not_enough_index(q) for c, q in zip(chosen, questions, strict=True)]
    answerable = [not q["unanswerable"] for q in questions]
    return {
        "accuracy": _percent(right),
        "accuracy_answerable": _percent([r for r, a in zip(right, answerable, strict=True) if a]),
        "not_enough_recall": _percent(
            [s for s, a in zip(said_not_enough, answerable, strict=True) if not a]
        ),
        "false_abstention": _percent(
            [s for s, a in zip(said_not_enough, answerable, strict=True) if a]
        ),
    }


def _percent(flags: list[bool]) -> float:
    return round(100 * sum(flags) / len(flags), 1) if flags else 0.0


def word_overlap_choice(question: dict) -> int:
    """The option whose words the story holds most of (ties to the first)."""
    story = content_words(question["context"])
    shares = [covered(content_words(option), story) for option in question["options"]]
    return int(np.argmax(shares))


def evaluate_answer(data_dir: Path) -> dict:
    questions = read_questions(data_dir)
    backend = resolve_backend("auto")
    vectors = KnownVectors(backend)
    runs = {
        threshold: [_answer(q, vectors, Settings(min_support=threshold)) for q in questions]
        for threshold in THRESHOLDS
    }
    shipped = [_answer(q, vectors, Settings()) for q in questions]
    statements = [
        (s, q) for answer, q in zip(shipped, questions, strict=True) for s in answer.statements
    ]
    checked = [
        passes(s.text, [q["context"][c.start : c.end] for c in s.citations]) for s, q in statements
    ]
    draw = random.Random(7)
    return {
        "questions": len(questions),
        "unanswerable": sum(q["unanswerable"] for q in questions),
        "texts": len({q["text_id"] for q in questions}),
        "backend": backend,
        "ours": {
            **scores([a.option for a in shipped], questions),
            "min_support": MIN_SUPPORT,
            "citation_check_percent": _percent(checked),
        },
        "cross_validated": _cross_validated(questions, runs),
        "random_expected": {"accuracy": 25.0},
        "random_seed_7": scores([draw.randrange(len(q["options"])) for q in questions], questions),
        "word_overlap": scores([word_overlap_choice(q) for q in questions], questions),
    }


def _answer(question: dict, vectors, settings: Settings) -> Answer:
    story = Document(question["text_id"], question["title"], question["context"])
    return answer_question(question["question"], [story], vectors, question["options"], settings)


def _merit(answers: list[Answer], questions: list[dict]) -> tuple[bool, float]:
    """Keeping the promise first, then accuracy."""
    result = scores([a.option for a in answers], questions)
    return result["not_enough_recall"] >= MIN_NOT_ENOUGH_RECALL, result["accuracy"]


def _cross_validated(questions: list[dict], runs: dict[float, list[Answer]]) -> dict:
    """The threshold picked on four folds of texts, scored on the fifth."""
    texts = sorted({q["text_id"] for q in questions})
    random.Random(7).shuffle(texts)
    fold_of = {text: k % FOLDS for k, text in enumerate(texts)}
    held_out: list[int | None] = [None] * len(questions)
    picked = []
    for fold in range(min(FOLDS, len(texts))):
        train = [i for i, q in enumerate(questions) if fold_of[q["text_id"]] != fold]
        best = max(
            THRESHOLDS,
            key=lambda t: _merit([runs[t][i] for i in train], [questions[i] for i in train]),
        )
        picked.append(best)
        for i, question in enumerate(questions):
            if fold_of[question["text_id"]] == fold:
                held_out[i] = runs[best][i].option
    return {**scores(held_out, questions), "picked": picked}
