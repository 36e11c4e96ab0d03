"""How well the tagger finds what people say news stories are about.

The set is 500N-KPCrowd (Marujo et al., LREC 2012): news stories whose keyphrases were
chosen by crowd workers, about 49 per story. The metric is the one of Gallina et al.,
JCDL 2020, whose table gives the published scores: lower-case, stem every word with
Porter's stemmer, drop predictions that stem to one already made, and count exact matches
with the stemmed reference set. Precision at k divides by k even when fewer than k
phrases were predicted; recall divides by the number of references; F1 is computed per
story and averaged over stories. Scores are percentages, like the published ones.

Our tagger runs in its "keyphrases" mode (no preference for names over topics, which is
what readers want from hashtags but not what this set rewards), with the best installed
backend and again without the ml extra, beside plain YAKE with the settings the issue
names, on the same documents in the same run. The articles per second include loading
the models on first use.

Beside F1, ``tagging_quality`` measures the hashtags as readers see them (kinds right,
variant twins) and cross-validates the ranking weights.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from pathlib import Path

from tidings.enrich.porter import stem
from tidings.enrich.tagger import tag_documents
from tidings.enrich.tagging_data import Document
from tidings.enrich.tagging_models import BACKEND_YAKE
from tidings.enrich.tagging_quality import cross_validated_f1, hashtag_measures

DATA_FILE = "500N-KPCrowd.dev.jsonl"
PUBLISHED_BEST_F1_AT_10 = 18.2  # MultipartiteRank, JCDL 2020, on another 50-story split
CUTOFFS = (5, 10)


def stemmed(phrase: str) -> tuple[str, ...]:
    """A phrase as the metric compares it. The reference phrases lost their hyphens and
    full stops ("X-Men" is "XMen", "No. 1" is "No 1"), so predictions lose them too."""
    text = re.sub(r"(?<=\w)[-.](?=\w)", "", phrase.lower())
    return tuple(stem(word) for word in re.findall(r"[\w']+", text))


def scores_at(predicted: Sequence[str], references: Sequence[str], k: int) -> dict[str, float]:
    gold = {stemmed(phrase) for phrase in references} - {()}
    seen: list[tuple[str, ...]] = []
    for phrase in predicted:
        key = stemmed(phrase)
        if key and key not in seen:
            seen.append(key)
    matches = len(set(seen[:k]) & gold)
    precision = matches / k
    recall = matches / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if matches else 0.0
    return {"p": precision, "r": recall, "f1": f1}


def macro(predictions: list[list[str]], references: list[list[str]]) -> dict[str, float]:
    result: dict[str, float] = {}
    for k in CUTOFFS:
        per_story = [scores_at(p, r, k) for p, r in zip(predictions, references, strict=True)]
        for name in ("f1", "p", "r"):
            mean = sum(scores[name] for scores in per_story) / len(per_story)
            result[f"{name}@{k}"] = round(100 * mean, 1)
    return result


def read_stories(data_dir: Path) -> list[dict]:
    with open(data_dir / DATA_FILE, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def as_document(story: dict) -> Document:
    """The set keeps the headline as the first line of the text."""
    title, _, body = story["text"].partition("\n")
    return Document(title.strip(), body.strip())


def evaluate_tagging(data_dir: Path) -> dict:
    """Our tagger and plain YAKE on the same stories, scored the same way."""
    import yake

    stories = read_stories(Path(data_dir))
    references = [story["keyphrases"] for story in stories]
    documents = [as_document(story) for story in stories]

    runs = {}
    for name, backend in (("ours", None), ("ours_without_ml", BACKEND_YAKE)):
        started = time.perf_counter()
        tagged = tag_documents(documents, top=max(CUTOFFS), mode="keyphrases", backend=backend)
        seconds = time.perf_counter() - started
        runs[name] = {
            **macro([[tag.label for tag in tags] for tags in tagged.tags], references),
            "backend": tagged.backend,
            "articles_per_second": round(len(stories) / seconds, 1),
        }

    extractor = yake.KeywordExtractor(lan="en", n=3, top=max(CUTOFFS))
    started = time.perf_counter()
    plain = [
        [phrase for phrase, _ in extractor.extract_keywords(story["text"])] for story in stories
    ]
    yake_seconds = time.perf_counter() - started

    return {
        "documents": len(stories),
        "metric": "macro P/R/F1 at 5 and 10 in percent, Porter-stemmed exact match",
        **runs,
        "yake": {
            **macro(plain, references),
            "articles_per_second": round(len(stories) / yake_seconds, 1),
        },
        "published_best_f1@10": PUBLISHED_BEST_F1_AT_10,
        "f1@10_cross_validated": cross_validated_f1(documents, references, macro),
        "hashtags": {
            "ours": hashtag_measures(documents, None),
            "ours_without_ml": hashtag_measures(documents, BACKEND_YAKE),
        },
    }
