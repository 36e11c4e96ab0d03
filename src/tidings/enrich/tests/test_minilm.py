import hashlib

import numpy as np
import pytest

from tidings.enrich import minilm
from tidings.enrich.embeddings import model_available

TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


def test_vendored_tokenizer_is_the_published_file():
    assert hashlib.sha256(minilm.TOKENIZER_FILE.read_bytes()).hexdigest() == TOKENIZER_SHA256


@pytest.mark.skipif(not model_available(), reason="the ml extra is not installed")
def test_texts_of_many_lengths_come_back_in_the_callers_order():
    """Texts run shortest first, in several batches here; each text's vector is the one it
    gets alone."""
    model = minilm.loaded()
    texts = [f"{count} words: " + "news " * count for count in (90, 3, 25, 1, 120, 8, 60, 140)]
    texts += [text.upper() for text in texts]
    lengths = np.array([len(encoding.ids) for encoding in model.tokenizer.encode_batch(texts)])
    assert len(list(minilm._length_batches(lengths))) > 1
    together = model.embed(texts)
    alone = np.concatenate([model.embed([text]) for text in texts])
    assert np.allclose(together, alone, atol=1e-4)
    assert not np.allclose(together[0], together[1], atol=1e-2)
