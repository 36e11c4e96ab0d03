"""Score one comment for spam and toxicity, with reasons a moderator can read.

Both scores come from the small linear models that ship in ``data/weights.npz`` (see
``data/ATTRIBUTION.md``); nothing leaves the machine. Two things no training set records
are added by fixed rules, on the spam score's logit, and always shown as reasons:

- repetition: the author posted the same text (or nearly) before, which is what spam
  campaigns do and conversations rarely do;
- a new account: spam comes from accounts made for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from tidings.comments.moderation.features import (
    MARKERS,
    SIGNALS,
    CommentFeatures,
    clean,
    comment_features,
)
from tidings.comments.moderation.model import SHIPPED, LinearModel, load, sigmoid


@dataclass(frozen=True)
class Thresholds:
    """A comment waits for review when either score reaches its threshold.

    At 0.7 the cross-validated precision stays near 0.99 for spam and 0.9 for toxic
    comments while catching more than a stricter 0.8 would; holding is only a delay, so a
    site that prefers fewer delays raises them (evaluation.py prints the trade-off).
    """

    spam: float = 0.7
    toxic: float = 0.7


@dataclass(frozen=True)
class ModerationScore:
    spam: float
    toxic: float
    hold: bool
    reasons: list[str]


# Logit added to the spam score for each rule (see the module docstring for why).
REPEAT_LOGIT = 2.0
REPEAT_MORE_LOGIT = 1.0  # for each further copy, up to REPEAT_MAX_LOGIT
REPEAT_MAX_LOGIT = 4.0
NEW_ACCOUNT_DAYS = ((1.0, 1.0), (7.0, 0.5))  # (younger than, logit), first match wins
# Short replies ("Thanks!", "+1") are repeated by honest people all the time.
REPEAT_MIN_CHARACTERS = 20
NEAR_DUPLICATE = 0.8  # Jaccard similarity of 5-letter shingles
# What drove a score is listed once the score leans that way.
EXPLAIN_FROM = 0.5
DRIVERS_SHOWN = 6


@cache
def shipped_models() -> dict[str, LinearModel]:
    models, _ = load(SHIPPED)
    return models


def score_comment(
    text: str,
    *,
    links: int | None = None,
    account_age_days: float | None = None,
    history: Sequence[str] = (),
    thresholds: Thresholds = Thresholds(),  # noqa: B008 (frozen, so sharing it is safe)
) -> ModerationScore:
    """Spam and toxicity scores in [0, 1] for ``text``, whether to hold it, and why.

    ``links`` is the number of links in the rendered comment (counted in the text when
    None); ``history`` holds the author's recent comments; ``account_age_days`` the age of
    the author's account.
    """
    models = shipped_models()
    features = comment_features(text, links=links)
    reasons = [f"pattern: {m.description} ({m.excerpt!r})" for m in features.matches]
    if features.links:
        reasons.append(f"links: {features.links}")
    spam_logit = models["spam"].logit(features)
    repeats = copies_in(text, history)
    if repeats:
        spam_logit += min(REPEAT_MAX_LOGIT, REPEAT_LOGIT + REPEAT_MORE_LOGIT * (repeats - 1))
        reasons.append(f"repetition: the same text was posted {times(repeats)} before")
    age_logit = new_account_logit(account_age_days)
    if age_logit:
        spam_logit += age_logit
        reasons.append(f"new account: {account_age_days:.1f} days old")
    spam = sigmoid(spam_logit)
    toxic = models["toxic"].probability(features)
    for name, score in (("spam", spam), ("toxic", toxic)):
        if score >= EXPLAIN_FROM:
            drivers = strongest_drivers(models[name], features)
            if drivers:
                reasons.append(f"{name} score driven by: {drivers}")
    hold = spam >= thresholds.spam or toxic >= thresholds.toxic
    return ModerationScore(spam=spam, toxic=toxic, hold=hold, reasons=reasons)


def strongest_drivers(model: LinearModel, features: CommentFeatures) -> str:
    """The signals and words that added most to the model's logit, strongest first."""
    contributions = model.word_contributions(features)
    for name, weight, value in zip(SIGNALS, model.signals, features.signals, strict=True):
        if weight * value:
            contributions[f"[{name.replace('_', ' ')}]"] = weight * value
    ranked = sorted(contributions.items(), key=lambda item: -item[1])[:DRIVERS_SHOWN]
    strongest = [(word, c) for word, c in ranked if c > 0]
    return ", ".join(f"{MARKERS.get(word, word)} (+{c:.2f})" for word, c in strongest)


def times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def new_account_logit(account_age_days: float | None) -> float:
    if account_age_days is None:
        return 0.0
    for younger_than, logit in NEW_ACCOUNT_DAYS:
        if account_age_days < younger_than:
            return logit
    return 0.0


def shingles(text: str) -> set[str]:
    folded = re.sub(r"\s+", " ", clean(text).lower()).strip()
    return {folded[i : i + 5] for i in range(max(1, len(folded) - 4))}


def copies_in(text: str, history: Sequence[str]) -> int:
    """How many of the author's earlier texts are this one, or nearly."""
    if len(clean(text).strip()) < REPEAT_MIN_CHARACTERS or not history:
        return 0
    mine = shingles(text)
    copies = 0
    for earlier in history:
        theirs = shingles(earlier)
        if len(mine & theirs) / len(mine | theirs) >= NEAR_DUPLICATE:
            copies += 1
    return copies
