"""Which language an article is in, from its text, offline (py3langid ships its model).

Detection comes first: stages whose models know only English skip other languages and
say so, rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

VERSION = 1
# Below this many characters, or this confidence, the feed's own statement is kept.
MIN_CHARACTERS = 40
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Detected:
    language: str  # ISO 639-1, "en"; "" when unknown
    confidence: float


@cache
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, declared: str = "") -> Detected:
    """The language of ``text``; a feed's or page's declared language ("en-GB") decides when
    the text is too short or the detector unsure."""
    declared_code = declared.split("-")[0].split("_")[0].lower()[:8]
    sample = " ".join(text.split())[:5000]
    if len(sample) < MIN_CHARACTERS:
        return Detected(declared_code, 0.0)
    language, confidence = identifier().classify(sample)
    if confidence < MIN_CONFIDENCE and declared_code:
        return Detected(declared_code, float(confidence))
    return Detected(str(language), float(confidence))


def is_english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


def process(articles: list) -> None:
    """Store each article's detected language in its analysis."""
    from tidings.enrich.models import ArticleAnalysis

    for article in articles:
        detected = detect(f"{article.title}\n\n{article.text}", article.language)
        ArticleAnalysis.objects.update_or_create(
            article=article,
            defaults={"language": detected.language, "language_confidence": detected.confidence},
        )
