"""The labelled pairs of texts: edited copies of every long enough real text, the real
wire copies, and hard negatives (different articles about the same event, an edited copy
of one of them against another, articles on similar topics) plus unrelated pairs."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tidings.dedupe.diff import paragraphs_of
from tidings.dedupe.evaluation.edits import EDITS, EditContext
from tidings.dedupe.evaluation.real_texts import REAL_COPY_GROUPS, REAL_UNSURE, load_documents
from tidings.dedupe.signatures import MIN_WORDS

SEED = 7
# An article needs this many words to be copied with edits; trimmed copies of shorter ones
# would fall under MIN_WORDS, which is a limit of the method, measured apart.
MIN_ORIGINAL_WORDS = 120
SIMILAR_TOPIC_PAIRS = 1000
UNRELATED_PAIRS = 300


@dataclass(frozen=True)
class Pair:
    a: str  # text keys: a document key, or "<key>~<edit>" for an edited copy
    b: str
    copy: bool
    kind: str  # the edit for a copy, the kind of negative otherwise


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
