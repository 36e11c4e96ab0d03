"""The real texts the copy evaluation is built from, and the wire copies among them that
were labelled by hand.

The texts are the real full texts in the shared data folder
(``clustering-news/g5w1h_news_cluster.dev.jsonl``, ``demo-corpus/articles.jsonl`` and
``keyphrases/500N-KPCrowd.dev.jsonl``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tidings.dedupe.diff import paragraphs_of

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


SENTENCE_END = re.compile(r"(?<=[.!?\"”’'])\s+(?=[\"“‘'(]?[A-Z0-9])")


def _paragraphs(text: str, title: str) -> list[str]:
    """The text's paragraphs without a leading headline line; a text that is one block
    becomes paragraphs of three sentences, so paragraph edits apply to it."""
    paragraphs = paragraphs_of(text)
    if paragraphs and title and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]
    if len(paragraphs) == 1:
        sentences = SENTENCE_END.split(paragraphs[0])
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
