"""Ranking an article's candidates into its tags: each scored by its salience in the
article (in the title, how early, how often) and its rarity in the corpus (document
frequency), then the best kept, none inside another."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tidings.enrich.aliases import TOPIC
from tidings.enrich.tagging_data import Candidate, CorpusCounts, Tag
from tidings.enrich.tagging_words import phrase_key, tokens_of

MIN_TAGS = 3
# "hashtags" favours names and multi-word topics, as readers want them; "keyphrases"
# ranks the same candidates without that preference, as keyphrase benchmarks score them.
Mode = Literal["hashtags", "keyphrases"]
# How much each sign of salience adds to a candidate's score (see ``score``).


@dataclass(frozen=True)
class Weights:
    title: float = 1.6
    early: float = 1.0
    frequency: float = 0.7
    rarity: float = 0.5


WEIGHTS = Weights()
# Topics are weaker hashtags than names; single words weaker still ("#Exchange").
HASHTAG_TOPIC_FACTOR = 0.75
HASHTAG_WORD_FACTOR = 0.45
# Below this many documents, corpus counts say little about rarity.
FULL_RARITY_DOCUMENTS = 20


def score(
    candidate: Candidate, corpus: CorpusCounts, mode: Mode, weights: Weights = WEIGHTS
) -> float:
    """Salience times rarity, squashed into [0, 1).

    Salience adds up being in the title, being mentioned early and being mentioned often
    (with diminishing returns); YAKE only proposes candidates, since its own ranking did
    not help on the keyphrase benchmark once mentions were counted. Rarity is the
    candidate's inverse document frequency in the corpus, normalised to [0, 1]; it can
    take at most ``weights.rarity`` off, since the most common subject of the day is still
    a subject.
    """
    salience = (
        weights.title * min(1.0, candidate.title_hits)
        + weights.early * (1.0 - candidate.first_position)
        + weights.frequency * math.log1p(candidate.body_hits)
    )
    certainty = min(1.0, corpus.documents / FULL_RARITY_DOCUMENTS)
    rarity = 1.0 - weights.rarity * certainty * (1.0 - corpus.rarity(candidate.key))
    value = salience * rarity
    if mode == "hashtags" and candidate.kind == TOPIC:
        words = len(tokens_of(candidate.label))
        value *= HASHTAG_TOPIC_FACTOR if words > 1 or candidate.is_name else HASHTAG_WORD_FACTOR
    return value / (value + 1.0)


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def rank(
    candidates: Sequence[Candidate],
    corpus: CorpusCounts,
    top: int,
    mode: Mode,
    weights: Weights = WEIGHTS,
) -> list[Tag]:
    """The best ``top`` tags, none inside another ("prisoners" and "prisoners of war").

    For hashtags, a candidate with too little evidence is shown only if fewer than
    ``MIN_TAGS`` would remain, and a single-word topic gives way to a longer phrase
    that holds it ("war" to "prisoners of war").
    """
    scored = sorted(
        ((score(candidate, corpus, mode, weights), candidate) for candidate in candidates),
        key=lambda pair: (-pair[0], pair[1].label),
    )
    if mode == "hashtags":
        strong = [pair for pair in scored if _enough_evidence(pair[1])]
        phrases = [
            phrase_key(tokens_of(candidate.label))
            for _, candidate in strong
            if len(tokens_of(candidate.label)) > 1
        ]
        strong = [
            (value, candidate)
            for value, candidate in strong
            if candidate.kind != TOPIC
            or len(tokens_of(candidate.label)) > 1
            or not any(_inside(phrase_key(tokens_of(candidate.label)), p) for p in phrases)
        ]
        weak = [pair for pair in scored if not _enough_evidence(pair[1])]
        scored = strong + weak[: max(0, MIN_TAGS - len(strong))]
    tags: list[Tag] = []
    chosen: list[tuple[str, ...]] = []
    for value, candidate in scored:
        tokens = phrase_key(tokens_of(candidate.label))
        if any(_inside(tokens, other) or _inside(other, tokens) for other in chosen):
            continue
        chosen.append(tokens)
        tags.append(Tag(candidate.label, candidate.kind, round(value, 4)))
        if len(tags) == top:
            break
    return tags


def _enough_evidence(candidate: Candidate) -> bool:
    """A name must be in the body twice, or once and in the title or as a full name; a
    phrase must come up twice (a single word three times), at least once in the body."""
    words = len(tokens_of(candidate.label))
    if candidate.is_name:
        # A name only the headline has is usually headline case ("Obama Briefed").
        return candidate.body_hits >= 2 or (
            candidate.body_hits > 0 and (candidate.title_hits > 0 or words > 1)
        )
    # A phrase only the headline uses is usually headline grammar ("survey shows").
    enough = candidate.title_hits + candidate.body_hits >= (2 if words > 1 else 3)
    return enough and candidate.body_hits > 0
