"""Train the shipped moderation models: `python -m tidings.comments.moderation.train [DIR]`.

DIR defaults to ../shared/data/moderation beside the checkout. The weights go to
``data/weights.npz`` in this package; ``data/ATTRIBUTION.md`` says what trained them.

Only openly licensed sets train what ships (see ATTRIBUTION.md for the reasoning):

- spam: the UCI YouTube Spam Collection (CC BY 4.0), spam against ham, plus the Wikipedia
  talk comments (CC BY-SA 3.0) as more ham, because YouTube's ham is short chat about
  songs and a news site's comments are longer arguments that must not look like spam;
- toxic: the Wikipedia talk comments, toxic against ok. Shouting (capitals, stretched
  characters) and links are spam's signals: the toxic model reads neither, so an all-caps
  advertisement is not an insult and a polite comment with a link is not made rude by it.

The Globe and Mail comments (CC BY-NC-SA) and the Davidson tweets (Twitter content) never
train a shipped model; evaluation scores them as unseen data. Training is deterministic:
the same files give the same weights, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tidings.comments.moderation.features import CommentFeatures, comment_features
from tidings.comments.moderation.model import SHIPPED, LinearModel, fit, save

SPAM_SET = "youtube_spam"
TOXIC_SET = "wiki_toxicity_identity"
POSITIVE = {"spam", "toxic"}
KEPT_TERMS = 20_000


@dataclass(frozen=True)
class Recipe:
    """How one model is trained: its regularisation, the signals it may weigh, and whether
    it reads the links among the words."""

    l2: float
    signals: tuple[str, ...]
    reads_links: bool


# l2 chosen by 5-fold cross-validation on the training sets (evaluation.py reports it).
SPAM = Recipe(
    l2=1e-3,
    signals=(
        "links",
        "subscribe",
        "check_out",
        "engagement",
        "self_promotion",
        "money",
        "email",
        "phone",
        "repeated_characters",
        "all_caps",
    ),
    reads_links=True,
)
# Toxic examples are few (72), so a weaker l2 lets chance words of short comments weigh
# ("something" in "Something rude"); 3e-3 costs 0.01 of cross-validated AUC and stops that.
TOXIC = Recipe(
    l2=3e-3,
    signals=("threat", "dismissal", "abusive_words", "insult_at_someone", "insult_at_group"),
    reads_links=False,
)


def read_set(data_dir: Path, name: str) -> list[dict]:
    path = data_dir / f"{name}.dev.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def is_positive(record: dict) -> bool:
    return record["label"] in POSITIVE


def as_ham(records: Sequence[dict]) -> list[dict]:
    return [{**record, "label": "ham"} for record in records]


def train(records: Sequence[dict], recipe: Recipe) -> LinearModel:
    return train_on_features(
        [comment_features(r["text"]) for r in records],
        [is_positive(r) for r in records],
        recipe,
    )


def train_on_features(
    features: Sequence[CommentFeatures], labels: Sequence[bool], recipe: Recipe
) -> LinearModel:
    return fit(
        features,
        labels,
        l2=recipe.l2,
        keep=KEPT_TERMS,
        signals=recipe.signals,
        reads_links=recipe.reads_links,
    )


def default_data_dir() -> Path:
    checkout = Path(__file__).resolve().parents[4]
    return checkout.parent / "shared" / "data" / "moderation"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=SHIPPED)
    options = parser.parse_args(argv)
    youtube = read_set(options.data, SPAM_SET)
    wikipedia = read_set(options.data, TOXIC_SET)
    models = {
        "spam": train([*youtube, *as_ham(wikipedia)], SPAM),
        "toxic": train(wikipedia, TOXIC),
    }
    about = {
        "spam": {"sets": [SPAM_SET, f"{TOXIC_SET} (as ham)"], "l2": SPAM.l2},
        "toxic": {"sets": [TOXIC_SET], "l2": TOXIC.l2, "reads_links": TOXIC.reads_links},
        "kept_terms": KEPT_TERMS,
    }
    save(models, options.out, about)
    sizes = ", ".join(f"{name} {len(model.terms)} terms" for name, model in models.items())
    print(f"wrote {options.out} ({options.out.stat().st_size} bytes; {sizes})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
