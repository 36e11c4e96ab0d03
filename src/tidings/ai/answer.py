"""A reader's question answered from the articles' own sentences, each citing where it
came from, or "these articles do not say" with the closest sentences instead of a guess.

1. Every prose sentence of the documents is a candidate (datelines dropped). Those whose
   vectors are known (``known``: stored by the embed stage) all stay; of the others, when
   there are more than ``MAX_EMBEDDED``, only the ``MAX_EMBEDDED`` that best match the
   question's and the options' words (BM25, ``_word_scores``) and share at least one of
   them are embedded and kept, which keeps a 20-article story fast: running the model is
   what a question costs.
2. A sentence's relevance to the question is the cosine of their vectors plus
   ``OVERLAP_WEIGHT`` times the share of the question's words it holds. The ``EVIDENCE``
   most relevant sentences are the answer.
3. Multiple choice: an option's support is the same measure between the option (less the
   question's words, which every option shares) and its best sentence; the option picked
   is the best supported, with its support within the evidence counted again, so the
   sentence that answers the question outweighs one that merely repeats an option's words.
   The option meaning "not enough information" (known by its wording) is never scored.
4. Abstaining: with options, when the best support is under ``MIN_SUPPORT``; without, when
   the best relevance is under ``MIN_RELEVANCE`` or the question asks for a kind of thing
   (a number, a date) that no evidence sentence has. An abstained answer lists the closest
   sentences all the same, cited, for a page to show under "These articles do not say".

Every statement is a whole sentence of a document, so it passes the citation check
against its citation by construction (the evaluation checks it all the same).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from tidings.ai.dates import find_dates
from tidings.ai.story_summary import Citation, Document, Statement, Vectorize
from tidings.ai.words import content_words, covered
from tidings.enrich.sentences import lead_sentences

EVIDENCE = 3  # sentences in an answer
MAX_EMBEDDED = 8  # sentences embedded per question beyond those with known vectors
BM25_K1, BM25_B = 1.2, 0.75  # the usual values
OVERLAP_WEIGHT = 0.5  # against the cosine's 1 (picked on the QuAIL development questions)
MIN_SUPPORT = 0.4  # chosen by cross-validation over texts (see ``answer_eval``)
MIN_RELEVANCE = 0.35
MIN_WORDS = 4

NOT_ENOUGH_INFORMATION = re.compile(
    r"\b(?:not enough (?:information|info|evidence)|cannot be (?:determined|known|told)"
    r"|can(?:no|')t (?:be )?(?:tell|know|determine)|not (?:stated|mentioned|given|known|said)"
    r"|no (?:information|way to (?:tell|know))|unknown|none of the above)\b",
    re.IGNORECASE,
)
_ASKS_NUMBER = re.compile(r"^\s*(?:how (?:many|much)|what (?:number|percentage|share))\b", re.I)
_ASKS_DATE = re.compile(r"^\s*(?:when|what (?:year|day|date|month|time))\b", re.I)
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Settings:
    """What the evaluation varies; the defaults are what ships."""

    min_support: float = MIN_SUPPORT
    min_relevance: float = MIN_RELEVANCE


@dataclass(frozen=True)
class Answer:
    statements: tuple[Statement, ...]  # when abstained: the closest sentences
    abstained: bool
    option: int | None = None
    support: float = 0.0  # of the best option, or the best relevance without options

    def as_json(self) -> dict:
        return {
            "answer": [asdict(statement) for statement in self.statements],
            "abstained": self.abstained,
            "option": self.option,
        }


@dataclass(frozen=True)
class _Sentence:
    document: int
    text: str
    start: int
    end: int
    words: frozenset[str]


def not_enough_information_option(options: Sequence[str]) -> int | None:
    """The option that says the text does not tell, if one does."""
    return next((i for i, o in enumerate(options) if NOT_ENOUGH_INFORMATION.search(o)), None)


def answer_question(
    question: str,
    documents: Sequence[Document],
    vectorize: Vectorize,
    options: Sequence[str] = (),
    settings: Settings = Settings(),
    known: Collection[str] = frozenset(),
) -> Answer:
    """``known``: sentence texts whose vectors ``vectorize`` has without running a model."""
    abstain_option = not_enough_information_option(options) if options else None
    question_words = content_words(question)
    choices = [
        (i, option, content_words(option) - question_words)
        for i, option in enumerate(options)
        if i != abstain_option
    ]
    wanted = question_words.union(*(words for _, _, words in choices))
    sentences = _candidates(documents, wanted, known)
    if not sentences:
        return Answer((), True, abstain_option)
    vectors = vectorize(
        [question, *(option for _, option, _ in choices)] + [s.text for s in sentences]
    )
    question_vector, option_vectors, sentence_vectors = (
        vectors[0],
        vectors[1 : len(choices) + 1],
        vectors[len(choices) + 1 :],
    )
    relevance = sentence_vectors @ question_vector + OVERLAP_WEIGHT * np.array(
        [covered(question_words, s.words) for s in sentences]
    )
    evidence = [int(i) for i in np.argsort(-relevance, kind="stable")[:EVIDENCE]]
    if not choices:
        abstained = relevance[evidence[0]] < settings.min_relevance or not _has_kind_asked(
            question, [sentences[i].text for i in evidence]
        )
        return Answer(
            _statements(documents, sentences, evidence),
            bool(abstained),
            support=float(relevance[evidence[0]]),
        )
    best_support, best_choice, best_sentence = -np.inf, 0, 0
    best_pick = -np.inf
    for (number, _, words), vector in zip(choices, option_vectors, strict=True):
        support = sentence_vectors @ vector + OVERLAP_WEIGHT * np.array(
            [covered(words, s.words) for s in sentences]
        )
        pick = support.max() + support[evidence].max()
        if pick > best_pick:
            best_pick, best_choice, best_sentence = pick, number, int(support.argmax())
            best_support = float(support.max())
    if best_support < settings.min_support:
        return Answer(
            _statements(documents, sentences, evidence), True, abstain_option, best_support
        )
    cited = [best_sentence, *(i for i in evidence if i != best_sentence)][:EVIDENCE]
    return Answer(_statements(documents, sentences, cited), False, best_choice, best_support)


def _candidates(
    documents: Sequence[Document], wanted: frozenset[str], known: Collection[str]
) -> list[_Sentence]:
    found = [
        _Sentence(number, s.text, s.start, s.end, content_words(s.text))
        for number, document in enumerate(documents)
        for s in lead_sentences(document.text, None, MIN_WORDS)
    ]
    unknown = [i for i, sentence in enumerate(found) if sentence.text not in known]
    if len(unknown) <= MAX_EMBEDDED:
        return found
    scores = _word_scores([s.words for s in found], wanted)
    best = [i for i in sorted(unknown, key=lambda i: -scores[i])[:MAX_EMBEDDED] if scores[i] > 0]
    kept = set(best).union(i for i, s in enumerate(found) if s.text in known)
    return [found[i] for i in sorted(kept)]


def _word_scores(sentences: list[frozenset[str]], wanted: frozenset[str]) -> list[float]:
    """BM25 of each sentence for the ``wanted`` words, rarer words among the sentences
    counting more and short sentences holding them more than long ones."""
    mean_length = sum(len(words) for words in sentences) / len(sentences) or 1.0
    weight = {}
    for word in wanted:
        holding = sum(word in words for words in sentences)
        weight[word] = math.log(1 + (len(sentences) - holding + 0.5) / (holding + 0.5))
    return [
        sum(weight[word] for word in wanted & words)
        * (BM25_K1 + 1)
        / (1 + BM25_K1 * (1 - BM25_B + BM25_B * len(words) / mean_length))
        for words in sentences
    ]


def _has_kind_asked(question: str, evidence: list[str]) -> bool:
    """Whether the evidence has a number for "how many" and a date for "when"."""
    if _ASKS_NUMBER.search(question):
        return any(_NUMBER.search(text) for text in evidence)
    if _ASKS_DATE.search(question):
        return any(find_dates(text, None) or _NUMBER.search(text) for text in evidence)
    return True


def _statements(
    documents: Sequence[Document], sentences: list[_Sentence], chosen: list[int]
) -> tuple[Statement, ...]:
    return tuple(
        Statement(
            sentences[i].text,
            (Citation(documents[sentences[i].document].id, sentences[i].start, sentences[i].end),),
        )
        for i in chosen
    )
