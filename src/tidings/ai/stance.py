"""Whether an article agrees with a claim, disputes it, merely discusses it, or is about
something else: for comparing how outlets cover one story.

1. Related or not: the share of the claim's words the text holds plus the cosine between
   the claim and the text's opening (title and first paragraphs, as articles are
   embedded); under ``MIN_RELATEDNESS`` the text is unrelated.
2. The sentences that speak of the claim are those holding at least ``NEAR_SHARE`` of its
   words (or the single closest one).
3. Among them, words that refute ("false", "hoax", "denied", "debunked", "not true" ...)
   make it disagree, when there are at least ``MIN_REFUTATIONS``; else words that hedge
   ("reportedly", "alleged", "claims", "according to" ...) make it discuss; a text that
   states the claim without hedging (at most ``MAX_HEDGES_TO_AGREE`` hedges) agrees.

The word lists are general English, written here, not learnt from any data set; the three
numbers are chosen by cross-validation over article bodies (see ``stance_eval``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from tidings.ai.story_summary import Vectorize
from tidings.ai.words import content_words, covered
from tidings.enrich.embeddings import article_text_for_embedding
from tidings.enrich.sentences import split_sentences

STANCES = ("agree", "disagree", "discuss", "unrelated")
MIN_RELATEDNESS = 0.6
MIN_REFUTATIONS = 1
MAX_HEDGES_TO_AGREE = 0
NEAR_SHARE = 0.3

_REFUTING = re.compile(
    r"\b(?:false(?:ly)?|fake|hoax(?:es)?|debunk(?:ed|s|ing)?|den(?:y|ied|ies|ial)"
    r"|untrue|not true|isn['’]t true|no truth|fabricat(?:ed|ion)|refut(?:e|ed|es)"
    r"|baseless|bogus|myth|satir(?:e|ical)|misleading|no evidence|never happened"
    r"|dismiss(?:ed|es)|reject(?:ed|s)|not (?:the case|real)|rumou?rs? (?:are|is|was) wrong"
    r"|spoof|prank|doctored|photoshopped)\b",
    re.IGNORECASE,
)
_HEDGING = re.compile(
    r"\b(?:reported(?:ly)?|alleged(?:ly)?|claim(?:s|ed|ing)?|according to|purported(?:ly)?"
    r"|apparent(?:ly)?|rumou?r(?:s|ed)?|unconfirmed|unverified|may|might|could|possibly"
    r"|suggest(?:s|ed)?|seem(?:s|ed)?|appears?|said to|believed to|speculat\w*"
    r"|report(?:s)?|sources? said)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Settings:
    """What the evaluation varies; the defaults are what ships."""

    min_relatedness: float = MIN_RELATEDNESS
    min_refutations: int = MIN_REFUTATIONS
    max_hedges_to_agree: int = MAX_HEDGES_TO_AGREE


@dataclass(frozen=True)
class Evidence:
    """What the decision reads, measured once however many settings are tried."""

    relatedness: float
    refutations: int
    hedges: int


@dataclass(frozen=True)
class Stance:
    stance: str
    score: float  # relatedness

    def as_json(self) -> dict:
        return {"stance": self.stance, "score": round(self.score, 4)}


def stance(
    claim: str,
    text: str,
    vectorize: Vectorize,
    settings: Settings = Settings(),
    opening: np.ndarray | None = None,
) -> Stance:
    return decide(evidence(claim, text, vectorize, opening), settings)


def evidence(
    claim: str, text: str, vectorize: Vectorize, opening: np.ndarray | None = None
) -> Evidence:
    """``opening``: the text's stored article vector (title and opening), if there is one."""
    claim_words = content_words(claim)
    sentences = [(s.text, content_words(s.text)) for s in split_sentences(text)]
    text_words = frozenset().union(*(words for _, words in sentences))
    if opening is None:
        claim_vector, text_vector = vectorize([claim, article_text_for_embedding("", text)])
    else:
        (claim_vector,), text_vector = vectorize([claim]), opening
    relatedness = covered(claim_words, text_words) + float(claim_vector @ text_vector)
    shares = [covered(claim_words, words) for _, words in sentences]
    near = [s for (s, _), share in zip(sentences, shares, strict=True) if share >= NEAR_SHARE]
    if not near and sentences:
        near = [sentences[max(range(len(shares)), key=shares.__getitem__)][0]]
    return Evidence(
        relatedness,
        sum(len(_REFUTING.findall(s)) for s in near),
        sum(len(_HEDGING.findall(s)) for s in near),
    )


def decide(found: Evidence, settings: Settings = Settings()) -> Stance:
    if found.relatedness < settings.min_relatedness:
        label = "unrelated"
    elif found.refutations >= settings.min_refutations:
        label = "disagree"
    elif found.hedges <= settings.max_hedges_to_agree:
        label = "agree"
    else:
        label = "discuss"
    return Stance(label, found.relatedness)
