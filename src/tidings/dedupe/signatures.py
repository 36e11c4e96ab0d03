"""What two texts share: their shingles, how much of one the other repeats, and the MinHash
signature that lets an index find candidates without comparing every pair.

1. The text is normalised (Unicode NFKC, lower case, punctuation to spaces, whitespace
   collapsed) and cut into overlapping shingles of ``SHINGLE_WORDS`` words.
2. A MinHash signature of the shingles (``NUM_PERM`` permutations) is what the copy index
   (``dedupe.copy_index``) queries. It is stored in ``Article.minhash``, so that the index
   of recent articles is rebuilt without reading their texts again.
3. The similarity of two texts is the share of the shorter text's shingles that the longer
   one also has (containment). This is never less than the Jaccard similarity, and unlike
   Jaccard it stays high when an outlet trims the last paragraphs of a wire story or adds
   one of its own, which is what outlets do.

Texts of fewer than ``MIN_WORDS`` words (headlines, teasers) are never copies by text: a
few shared words say nothing about who wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
MIN_WORDS = 50
# datasketch 2 needs the scheme named to rebuild a stored signature; fixing it here also
# keeps stored signatures valid if the library's default changes.
SCHEME = "affine32"
SIGNATURE_BYTES = NUM_PERM * 4

_PUNCTUATION = re.compile(r"[^\w\s]+")


def words_of(text: str) -> list[str]:
    """The words of a text as compared: lower case, without punctuation."""
    return _PUNCTUATION.sub(" ", unicodedata.normalize("NFKC", text).lower()).split()


def shingles(text: str) -> frozenset[str]:
    """The text's overlapping runs of ``SHINGLE_WORDS`` words; empty for a short text."""
    words = words_of(text)
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(
        " ".join(words[start : start + SHINGLE_WORDS])
        for start in range(len(words) - SHINGLE_WORDS + 1)
    )


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Containment of the smaller shingle set in the larger one (0 when either is empty)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return len(a & b) / len(a)


def similarity(a_text: str, b_text: str) -> float:
    """How much of the shorter text the longer one repeats, from 0 to 1."""
    return overlap(shingles(a_text), shingles(b_text))


@cache
def _permutations():
    # Made once: drawing the permutations costs more than hashing a short article.
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def minhash_of(shingle_set: Iterable[str]) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([shingle.encode() for shingle in shingle_set])
    return minhash


def minhash_from_signature(signature: bytes) -> MinHash:
    """The MinHash of a stored signature, as ``minhash_of`` made it."""
    values = np.frombuffer(signature, dtype="<u4").astype(np.uint32)
    return MinHash(scheme=SCHEME, hashvalues=values, permutations=_permutations())


def _signature_of(shingle_set: frozenset[str]) -> bytes:
    if not shingle_set:
        return b""
    return minhash_of(shingle_set).hashvalues.astype("<u4").tobytes()


def signature(text: str) -> bytes:
    """The MinHash signature to store with an article; empty for a text too short to copy."""
    return _signature_of(shingles(text))
