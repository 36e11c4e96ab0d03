"""How well copies are found, on a labelled set built from real articles.

``evaluate_dedupe(data_dir)`` reads the real full texts in the shared data folder
(``clustering-news/g5w1h_news_cluster.dev.jsonl``, ``demo-corpus/articles.jsonl`` and
``keyphrases/500N-KPCrowd.dev.jsonl``) and labels pairs of texts:

- copies made from each article by controlled, seeded edits (``EDITS``): what outlets do
  to a wire story, one edit at a time and combined;
- the real wire copies in that data (read and labelled by hand, ``REAL_COPY_GROUPS``);
- hard negatives: different articles about the same event (the Giveme5W1H set groups
  articles by event), an edited copy of one of them against another, and articles on
  similar topics (same category); plus unrelated pairs.

A pair is found when LSH proposes it and the exact similarity reaches the threshold, as in
``CopyIndex``. The scores are given for a sweep of thresholds, and for the whole index run
once over the originals and all their copies in a shuffled arrival order.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from datasketch import MinHashLSH

from tidings.dedupe.copies import (
    LSH_THRESHOLD,
    MIN_WORDS,
    NUM_PERM,
    THRESHOLD,
    CopyIndex,
    CopyRecord,
    minhash_of,
    overlap,
    shingles,
)
from tidings.dedupe.diff import paragraphs_of

SEED = 7
# An article needs this many words to be copied with edits; trimmed copies of shorter ones
# would fall under MIN_WORDS, which is a limit of the method, measured apart.
MIN_ORIGINAL_WORDS = 120
SWEEP = [round(0.3 + 0.05 * step, 2) for step in range(14)]
SIMILAR_TOPIC_PAIRS = 1000
UNRELATED_PAIRS = 300

# Wire copies present in the real data, found by reading every pair of texts with a
# similarity above 0.25 and labelled by hand. Each group is one story.
REAL_COPY_GROUPS = [
    # The same AP story, filed under two categories.
    ["k:business-20932660", "k:politics_world-20932660"],
    # AP, American Airlines and the G League players: Washington Post, Daily Mail, and the
    # New York Times with the second half cut.
    [
        "g:931861bb9016d593ca257987105b3dd5e6bbc18348ca0f4851bc5b1c",
        "g:cca8ed898cf79fd7e50a3d9fdd277db8c424856647e199086d829e26",
        "g:c8272c7b742a54ba018f3d462d00e01333d32dff2099697700e96ff3",
    ],
    # AP, Erie snowfall: ABC News, the New York Times, the Daily Mail (with a photo caption).
    [
        "g:136fdf3b74f240dd4ad7201d8626c6e97a1ad894f53353cd34b3b215",
        "g:4b2798693f5bf9c8f97dec0485b2aa4ff1c7d0cc3dbe3f41a8e1250a",
        "g:6e874e6c55270e639944f5d1e6274a7dfd46cf7b7a9b633da7f1ed92",
    ],
    # AP, Goldman Sachs' tax charge: two edits of the story, paragraphs reordered.
    [
        "g:535543435b93281c56ad8fbceaec2d7e533f5fcf4c376005cc66d5a2",
        "g:74a581ab53294aa790bd2ad0aa4e97d0602e3aa086957102000a0f31",
    ],
    # AP, FDA calorie counts: a short and a long version.
    ["k:health-20934873", "k:health-20945760"],
    # AP, a Swaziland sentence: three versions.
    ["k:politics_world-20947384", "k:politics_world-20947475", "k:politics_world-20954611"],
    # AP, Penelope Cruz's star: two versions.
    ["k:art_and_culture-20927511", "k:art_and_culture-20945617"],
    # Reuters, Penelope Cruz's star: the story and its correction.
    ["k:art_and_culture-20938615", "k:art_and_culture-20951992"],
]
# Left out of the scores: the Daily Mail and China Daily both rewrote the same AP story
# sentence by sentence and added other material; a reader could call it a copy or not.
REAL_UNSURE = [
    (
        "g:fc8c01361d9000f37ed6457bc954ca651db81b6df2767c626ea3a0af",
        "g:255862dfe347240dd07a13ff95fbf97c8097db257c9bfcf462578ef9",
    )
]


@dataclass(frozen=True)
class Document:
    key: str
    text: str  # paragraphs separated by blank lines, as Article.text
    event: str  # "" when the corpus does not say
    topic: str


@dataclass(frozen=True)
class Pair:
    a: str  # text keys: a document key, or "<key>~<edit>" for an edited copy
    b: str
    copy: bool
    kind: str  # the edit for a copy, the kind of negative otherwise


# Reading the real texts.


_SENTENCE_END = re.compile(r"(?<=[.!?\"”’'])\s+(?=[\"“‘'(]?[A-Z0-9])")


def _paragraphs(text: str, title: str) -> list[str]:
    """The text's paragraphs without a leading headline line; a text that is one block
    becomes paragraphs of three sentences, so paragraph edits apply to it."""
    paragraphs = paragraphs_of(text)
    if paragraphs and title and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]
    if len(paragraphs) == 1:
        sentences = _SENTENCE_END.split(paragraphs[0])
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return paragraphs


def load_documents(data_dir: Path) -> list[Document]:
    documents = []
    for row in _rows(data_dir / "clustering-news" / "g5w1h_news_cluster.dev.jsonl"):
        paragraphs = _paragraphs(row["text"], row.get("title") or "")
        documents.append(
            Document(f"g:{row['id']}", "\n\n".join(paragraphs), row["story"], row["category"])
        )
    for row in _rows(data_dir / "demo-corpus" / "articles.jsonl"):
        paragraphs = _paragraphs(row["body"], row.get("title") or "")
        documents.append(Document(f"d:{row['id']}", "\n\n".join(paragraphs), "", row["outlet"]))
    for row in _rows(data_dir / "keyphrases" / "500N-KPCrowd.dev.jsonl"):
        title, _, body = row["text"].partition("\n")
        paragraphs = _paragraphs(body, title)
        documents.append(Document(f"k:{row['id']}", "\n\n".join(paragraphs), "", row["category"]))
    return documents


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# Controlled edits: each takes the paragraphs and a context, and returns new paragraphs.


@dataclass
class EditContext:
    rng: random.Random
    others: list[Document]  # where added paragraphs and replacement words come from
    borrowed_from: set[str] = field(default_factory=set)  # documents a paragraph came from


Edit = Callable[[list[str], EditContext], list[str]]

_SPELLINGS = {
    "colour": "color",
    "organisation": "organization",
    "centre": "center",
    "favour": "favor",
    "defence": "defense",
    "labour": "labor",
    "programme": "program",
    "percent": "per cent",
    "travelled": "traveled",
    "analyse": "analyze",
}
_DATELINES = ["LONDON (Reuters) - ", "PARIS (AFP) - ", "TOKYO (Jiji Press) - ", "NEW YORK (AP) - "]
_TRAILERS = [
    "Reporting by Anna Keller; Editing by Tom Weiss",
    "(Additional reporting by staff in Madrid)",
    "Copyright 2024 The Associated Press. All rights reserved.",
]


def _trim_lead(paragraphs: list[str], context: EditContext) -> list[str]:
    return paragraphs[1:]


def _trim_end(paragraphs: list[str], context: EditContext) -> list[str]:
    keep = max(1, round(len(paragraphs) * 0.7))
    return paragraphs[:keep]


def _keep_first_half(paragraphs: list[str], context: EditContext) -> list[str]:
    return paragraphs[: max(1, len(paragraphs) // 2)]


def _add_paragraph(paragraphs: list[str], context: EditContext) -> list[str]:
    donor = context.rng.choice(context.others)
    context.borrowed_from.add(donor.key)
    added = context.rng.choice(paragraphs_of(donor.text))
    position = context.rng.randint(1, len(paragraphs))
    return paragraphs[:position] + [added] + paragraphs[position:]


def _change_words(share: float) -> Edit:
    def change(paragraphs: list[str], context: EditContext) -> list[str]:
        rng = context.rng
        vocabulary = rng.choice(context.others).text.split()
        words = [paragraph.split() for paragraph in paragraphs]
        places = [(p, w) for p, paragraph in enumerate(words) for w in range(len(paragraph))]
        for p, w in rng.sample(places, max(1, round(len(places) * share))):
            words[p][w] = rng.choice(vocabulary)
        return [" ".join(paragraph) for paragraph in words]

    return change


def _same_text(paragraphs: list[str], context: EditContext) -> list[str]:
    # A changed headline leaves the text alone; the index compares texts only.
    return list(paragraphs)


def _wire_reedit(paragraphs: list[str], context: EditContext) -> list[str]:
    """What a copy desk does: its own dateline, house spelling, paragraphs joined or split,
    a credit line at the end, and a few words changed."""
    rng = context.rng
    edited = list(paragraphs)
    edited[0] = rng.choice(_DATELINES) + edited[0]
    edited = [_respell(paragraph) for paragraph in edited]
    if len(edited) > 2:
        at = rng.randrange(len(edited) - 1)
        if rng.random() < 0.5:
            edited[at : at + 2] = [edited[at] + " " + edited[at + 1]]
        else:
            sentences = _SENTENCE_END.split(edited[at])
            if len(sentences) > 1:
                middle = len(sentences) // 2
                edited[at : at + 1] = [" ".join(sentences[:middle]), " ".join(sentences[middle:])]
    edited.append(rng.choice(_TRAILERS))
    return _change_words(0.02)(edited, context)


def _respell(paragraph: str) -> str:
    for british, american in _SPELLINGS.items():
        paragraph = paragraph.replace(british, american)
    return paragraph


def _combined(paragraphs: list[str], context: EditContext) -> list[str]:
    edited = _trim_lead(paragraphs, context)
    edited = _add_paragraph(edited, context)
    return _change_words(0.03)(edited, context)


EDITS: dict[str, Edit] = {
    "exact": _same_text,
    "changed_headline": _same_text,
    "trimmed_lead": _trim_lead,
    "trimmed_end": _trim_end,
    "added_paragraph": _add_paragraph,
    "words_changed_3pct": _change_words(0.03),
    "wire_reedit": _wire_reedit,
    "combined": _combined,
    # Harder than most copies, to show where detection stops.
    "kept_first_half": _keep_first_half,
    "words_changed_10pct": _change_words(0.10),
}
# Edits beyond what copy desks do, left out of ``recall_realistic_edits``.
STRESS_EDITS = {"words_changed_10pct"}


# The labelled set.


@dataclass
class LabelledSet:
    texts: dict[str, str]
    pairs: list[Pair]
    # An edited copy's key -> the documents a paragraph was borrowed from.
    borrowed_from: dict[str, set[str]]
    too_short: int


def build_labelled_set(data_dir: Path, seed: int = SEED) -> LabelledSet:
    rng = random.Random(seed)
    documents = load_documents(data_dir)
    texts = {document.key: document.text for document in documents}
    originals = [d for d in documents if len(d.text.split()) >= MIN_ORIGINAL_WORDS]
    too_short = sum(len(d.text.split()) < MIN_WORDS for d in documents)
    pairs: list[Pair] = []
    borrowed_from: dict[str, set[str]] = {}

    # 1. Edited copies of every long enough article.
    for document in originals:
        others = [other for other in originals if other.key != document.key]
        for name, edit in EDITS.items():
            key = f"{document.key}~{name}"
            context = EditContext(rng, others)
            texts[key] = "\n\n".join(edit(paragraphs_of(document.text), context))
            borrowed_from[key] = context.borrowed_from
            pairs.append(Pair(document.key, key, True, name))

    # 2. The real copies.
    same_copy = set()
    for group in REAL_COPY_GROUPS:
        for a, b in itertools.combinations(group, 2):
            pairs.append(Pair(a, b, True, "real_wire_copy"))
            same_copy |= {(a, b), (b, a)}
    unsure = {frozenset(pair) for pair in REAL_UNSURE}

    # 3. Different articles about the same event, as they are and with one edited.
    by_event = defaultdict(list)
    for document in documents:
        if document.event:
            by_event[document.event].append(document.key)
    for keys in by_event.values():
        for a, b in itertools.combinations(sorted(keys), 2):
            if (a, b) in same_copy or frozenset((a, b)) in unsure:
                continue
            pairs.append(Pair(a, b, False, "same_event"))
            if f"{a}~combined" in texts:
                pairs.append(Pair(f"{a}~combined", b, False, "same_event_edited"))

    # 4. Similar topics (same category, different event), and unrelated pairs.
    labelled = {frozenset((pair.a, pair.b)) for pair in pairs} | unsure
    same_topic = [
        (a.key, b.key)
        for a, b in itertools.combinations(documents, 2)
        if a.topic == b.topic and (not a.event or a.event != b.event)
    ]
    for a, b in rng.sample(same_topic, min(SIMILAR_TOPIC_PAIRS, len(same_topic))):
        if frozenset((a, b)) not in labelled and (a, b) not in same_copy:
            pairs.append(Pair(a, b, False, "similar_topic"))
    unrelated = 0
    while unrelated < UNRELATED_PAIRS:
        a, b = rng.sample(documents, 2)
        if a.topic != b.topic and (not a.event or a.event != b.event):
            pairs.append(Pair(a.key, b.key, False, "unrelated"))
            unrelated += 1
    return LabelledSet(texts, pairs, borrowed_from, too_short)


# Scoring.


def _scores(found: int, expected: int, false_positives: int) -> dict[str, float]:
    precision = found / (found + false_positives) if found + false_positives else 1.0
    recall = found / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_dedupe(data_dir: Path) -> dict:
    """Precision and recall of copy detection on the labelled set, per threshold.

    ``data_dir`` is the shared data folder that holds ``clustering-news/``,
    ``demo-corpus/`` and ``keyphrases/`` (one of those folders is accepted too)."""
    started = time.perf_counter()
    if (
        not (data_dir / "clustering-news").is_dir()
        and (data_dir.parent / "clustering-news").is_dir()
    ):
        data_dir = data_dir.parent  # given one of the three folders rather than their parent
    labelled = build_labelled_set(data_dir)
    shingle_sets = {key: shingles(text) for key, text in labelled.texts.items()}
    minhashes = {key: minhash_of(s) for key, s in shingle_sets.items() if s}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for key, minhash in minhashes.items():
        lsh.insert(key, minhash)

    neighbours = {key: set(lsh.query(minhash)) for key, minhash in minhashes.items()}

    def proposed(a: str, b: str) -> bool:
        return b in neighbours.get(a, ())

    scored = [
        (
            pair,
            overlap(shingle_sets[pair.a], shingle_sets[pair.b])
            if proposed(pair.a, pair.b)
            else 0.0,
        )
        for pair in labelled.pairs
    ]
    positives = sum(pair.copy for pair in labelled.pairs)

    def at(threshold: float) -> dict:
        found = sum(pair.copy and score >= threshold for pair, score in scored)
        false = sum(not pair.copy and score >= threshold for pair, score in scored)
        return {
            "threshold": threshold,
            **_scores(found, positives, false),
            "false_positives": false,
        }

    by_edit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_by_kind: Counter[str] = Counter()
    negatives_by_kind: Counter[str] = Counter()
    for pair, score in scored:
        if pair.copy:
            by_edit[pair.kind][0] += score >= THRESHOLD
            by_edit[pair.kind][1] += 1
        else:
            negatives_by_kind[pair.kind] += 1
            false_by_kind[pair.kind] += score >= THRESHOLD
    missed_by_lsh = sum(
        pair.copy
        and not proposed(pair.a, pair.b)
        and overlap(shingle_sets[pair.a], shingle_sets[pair.b]) >= THRESHOLD
        for pair in labelled.pairs
    )
    chosen = at(THRESHOLD)
    realistic = [(hit, total) for kind, (hit, total) in by_edit.items() if kind not in STRESS_EDITS]
    return {
        "pairs": len(labelled.pairs),
        "copies": positives,
        "not_copies": dict(negatives_by_kind),
        "threshold": THRESHOLD,
        "precision": chosen["precision"],
        "recall": chosen["recall"],
        "f1": chosen["f1"],
        "recall_realistic_edits": round(
            sum(hit for hit, _ in realistic) / sum(total for _, total in realistic), 4
        ),
        "by_edit": {kind: round(hit / total, 4) for kind, (hit, total) in sorted(by_edit.items())},
        "false_positives_same_event": false_by_kind["same_event"]
        + false_by_kind["same_event_edited"],
        "false_positives_by_kind": dict(false_by_kind),
        "copies_missed_by_lsh_only": missed_by_lsh,
        "highest_not_copy": _highest_negatives(labelled.pairs, shingle_sets),
        "sweep": [at(threshold) for threshold in SWEEP],
        "end_to_end": _end_to_end(labelled),
        "texts_too_short_to_compare": labelled.too_short,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _highest_negatives(
    pairs: list[Pair], shingle_sets: dict[str, frozenset[str]], count: int = 5
) -> list[dict]:
    """The not-copies most like copies, by exact similarity whether or not LSH proposed
    them: how close the threshold is to a false positive."""
    scored = [(pair, overlap(shingle_sets[pair.a], shingle_sets[pair.b])) for pair in pairs]
    negatives = sorted((item for item in scored if not item[0].copy), key=lambda item: -item[1])
    return [
        {"a": pair.a, "b": pair.b, "kind": pair.kind, "similarity": round(score, 3)}
        for pair, score in negatives[:count]
    ]


def _end_to_end(labelled: LabelledSet, seed: int = SEED) -> dict:
    """The whole index over every original and its copies, published around the same time
    in random order (so a copy is sometimes earlier than its original) and arriving in time
    order except for one in ten, which arrives late. Each copy should end in the same group
    as its original, and no group should mix two stories."""
    rng = random.Random(seed)
    family_of_original = {}
    for group in REAL_COPY_GROUPS:
        for key in group:
            family_of_original[key] = group[0]
    family = {}
    for key in labelled.texts:
        original = key.split("~")[0]
        family[key] = family_of_original.get(original, original)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    keys = sorted(labelled.texts)
    numbers = {key: number for number, key in enumerate(keys)}
    published = {
        key: start + timedelta(days=3 * numbers[family[key]] % 900, hours=rng.uniform(0, 48))
        for key in keys
    }
    arrival = sorted(keys, key=lambda key: published[key])
    late = {key for key in arrival if rng.random() < 0.1}
    arrival = [key for key in arrival if key not in late] + [key for key in arrival if key in late]

    index = CopyIndex()
    for key in arrival:
        index.add(CopyRecord(numbers[key], published[key], labelled.texts[key]))
    links = {key: index.link(numbers[key]).copy_of for key in keys}

    def root(key: str) -> str:
        seen = set()
        while links[key] is not None and key not in seen:
            seen.add(key)
            key = keys[links[key]]
        return key

    copies = [key for key in keys if "~" in key]
    joined = sum(root(key) == root(key.split("~")[0]) for key in copies)

    def borrowed(key: str) -> set[str]:
        return {family[donor] for donor in labelled.borrowed_from.get(key, ())}

    across = [
        (key, keys[target])
        for key, target in links.items()
        if target is not None and family[keys[target]] != family[key]
    ]
    # An added_paragraph copy really holds a paragraph of another story, so a short copy of
    # that story can be contained in it; those links are right, and counted apart.
    via_borrowed = [
        (a, b) for a, b in across if family[b] in borrowed(a) or family[a] in borrowed(b)
    ]
    later = sum(
        links[key] is not None and published[keys[links[key]]] > published[key] for key in keys
    )
    return {
        "articles": len(keys),
        "copies_in_their_original_group": round(joined / len(copies), 4),
        "links_to_another_story": len(across) - len(via_borrowed),
        "links_through_a_borrowed_paragraph": len(via_borrowed),
        "links_to_a_later_article": later,
    }


def measure_speed(data_dir: Path, count: int = 2000) -> dict:
    """Articles per second through the index (signature, LSH query, exact check, insert)
    for the real texts cycled to ``count``; every cycle after the first is an exact copy
    of the first, so each article has several candidates, more than a real day has."""
    documents = load_documents(data_dir)
    stream = [documents[number % len(documents)].text for number in range(count)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    index = CopyIndex()
    began = time.perf_counter()
    for number, text in enumerate(stream):
        index.add(CopyRecord(number, start + timedelta(minutes=number), text))
    elapsed = time.perf_counter() - began
    return {"articles": count, "seconds": round(elapsed, 2), "per_second": round(count / elapsed)}
