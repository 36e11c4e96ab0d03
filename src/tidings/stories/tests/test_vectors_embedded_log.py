"""The embedded index's write log read back on its own: whole records up to a torn one,
and the last record of each article deciding."""

from __future__ import annotations

import numpy as np

from tidings.stories.vectors.embedded_log import (
    RECORD,
    REMOVE,
    UPSERT,
    apply_records,
    intact_records,
    records_of,
)
from tidings.stories.vectors.exact import ExactEngine

from .test_vectors import random_vectors


def test_a_log_reads_back_whole_records_up_to_a_torn_one(tmp_path):
    log = tmp_path / "log-0"
    vectors = random_vectors(3)
    written = records_of(UPSERT, np.array([1, 2, 3]), vectors)
    torn = bytearray(records_of(UPSERT, np.array([4]), random_vectors(1, seed=4)).tobytes())
    torn[30:50] = bytes(20)  # a vector that did not make it to disk
    log.write_bytes(written.tobytes() + bytes(torn) + b"\x55" * 100)

    assert intact_records(log, 0)["id"].tolist() == [1, 2, 3]
    assert intact_records(log, RECORD.itemsize)["id"].tolist() == [2, 3]
    assert intact_records(log, 0, until=2 * RECORD.itemsize + 5)["id"].tolist() == [1, 2]
    assert len(intact_records(tmp_path / "log-1", 0)) == 0
    assert np.array_equal(intact_records(log, 0)["vector"], vectors)


def test_the_last_record_of_each_article_decides():
    vectors = random_vectors(4)
    engine = ExactEngine.build(np.array([1]), vectors[:1])
    log = np.concatenate(
        [
            records_of(UPSERT, np.array([2, 3]), vectors[1:3]),
            records_of(REMOVE, np.array([1, 2]), np.zeros((2, vectors.shape[1]))),
            records_of(UPSERT, np.array([2]), vectors[3:4]),
        ]
    )

    apply_records(engine, log)

    assert sorted(engine.items()[0].tolist()) == [2, 3]
    assert engine.search(vectors[3], 1)[0].tolist() == [2]
