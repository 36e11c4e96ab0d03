"""The embedded index's files: crashes, torn writes, compaction, other processes, faiss."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from tidings.stories.vectors import VectorIndexError, embedded
from tidings.stories.vectors.embedded import RECORD, EmbeddedIndex, choose_engine
from tidings.stories.vectors.exact import ExactEngine

from .test_vectors import near, random_vectors

needs_faiss = pytest.mark.skipif(
    importlib.util.find_spec("faiss") is None, reason="needs faiss (the ml extra)"
)


def current_of(index: EmbeddedIndex) -> dict:
    path = index.folder / "CURRENT"
    return json.loads(path.read_text()) if path.exists() else {"generation": 0}


@pytest.fixture
def small_compactions(monkeypatch):
    """Compact after 10 logged records instead of 10,000."""
    monkeypatch.setattr(embedded, "COMPACT_AT_LEAST", 10)


@pytest.mark.parametrize(
    ("size", "engine", "trained_on", "faiss_installed", "choice"),
    [
        (100, "exact", 0, True, "keep"),
        (25_000, "exact", 0, True, "ivf"),
        (25_000, "exact", 0, False, "keep"),
        (25_000, "ivf", 20_000, True, "keep"),
        (45_000, "ivf", 20_000, True, "ivf"),  # doubled since training: train anew
        (5_000, "ivf", 20_000, True, "exact"),  # shrunk below the threshold
        (25_000, "ivf", 20_000, False, "exact"),
    ],
)
def test_engine_choice(size, engine, trained_on, faiss_installed, choice):
    assert choose_engine(size, engine, trained_on, faiss_installed) == choice


@pytest.mark.parametrize("failing_rename", [1, 2], ids=["snapshot", "CURRENT"])
def test_a_crash_while_compacting_leaves_the_index_whole(
    tmp_path, monkeypatch, small_compactions, failing_rename
):
    """The renames that publish a snapshot fail (as a crash between writing and renaming
    would leave things): nothing written is lost, and the next write compacts."""
    index = EmbeddedIndex(tmp_path, "hashed")
    vectors = random_vectors(12)
    index.upsert(list(range(1, 10)), vectors[:9], "hashed")  # 9 records: no compaction yet
    renames = []

    def crash(source, target):
        renames.append(target)
        if len(renames) == failing_rename:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    real_replace = os.replace
    monkeypatch.setattr(embedded.os, "replace", crash)
    with pytest.raises(VectorIndexError, match="cannot be written: No space"):
        index.upsert([10, 11], vectors[9:11], "hashed")  # 11 records: compaction fails
    monkeypatch.setattr(embedded.os, "replace", real_replace)

    restarted = EmbeddedIndex(tmp_path, "hashed")
    assert current_of(restarted)["generation"] == 0
    assert restarted.count() == 11
    restarted.upsert([12], vectors[11:12], "hashed")
    assert current_of(restarted)["generation"] == 1
    for reader in (index, EmbeddedIndex(tmp_path, "hashed")):
        assert reader.count() == 12
        assert reader.search(vectors[10], 1)[0][0] == 11


def test_a_torn_record_is_ignored_by_readers_and_cut_off_by_the_next_writer(tmp_path):
    index = EmbeddedIndex(tmp_path, "hashed")
    vectors = random_vectors(5)
    index.upsert([1, 2, 3], vectors[:3], "hashed")
    log = index.folder / "log-0"
    whole = log.read_bytes()
    # A crash in the middle of appending: a record whose vector did not make it to disk.
    torn = bytearray(whole[: RECORD.itemsize])
    torn[20:40] = bytes(20)
    with log.open("ab") as handle:
        handle.write(bytes(torn) + b"\x55" * 700)

    reader = EmbeddedIndex(tmp_path, "hashed")
    assert reader.count() == 3
    EmbeddedIndex(tmp_path, "hashed").upsert([4], vectors[3:4], "hashed")

    assert log.stat().st_size == 4 * RECORD.itemsize
    assert reader.count() == 4
    assert reader.search(vectors[3], 1)[0][0] == 4


def test_readers_keep_up_through_compactions(tmp_path, small_compactions):
    writer = EmbeddedIndex(tmp_path, "hashed")
    caught_up = EmbeddedIndex(tmp_path, "hashed")
    behind = EmbeddedIndex(tmp_path, "hashed")
    vectors = random_vectors(40)
    writer.upsert(list(range(1, 9)), vectors[:8], "hashed")
    assert behind.count() == 8

    for start in range(8, 40, 4):
        writer.upsert(list(range(start + 1, start + 5)), vectors[start : start + 4], "hashed")
        assert caught_up.count() == start + 4
    writer.remove([1])

    assert current_of(writer)["generation"] >= 2
    for reader in (caught_up, behind, EmbeddedIndex(tmp_path, "hashed")):
        assert reader.count() == 39
        assert reader.search(vectors[0], 1)[0][0] != 1
        assert reader.search(vectors[20], 1)[0][0] == 21
    # Only the current generation and the one before it stay on disk.
    generation = current_of(writer)["generation"]
    kept = {path.name.split(".")[0] for path in writer.folder.glob("[sl]*-*")}
    assert kept <= {
        f"snapshot-{generation}",
        f"log-{generation}",
        f"log-{generation - 1}",
        f"snapshot-{generation - 1}",
    }


def test_another_process_writes_and_this_one_sees_it(tmp_path):
    reader = EmbeddedIndex(tmp_path, "hashed")
    assert reader.count() == 0
    vectors = random_vectors(3)
    np.save(tmp_path / "vectors.npy", vectors)
    script = textwrap.dedent(
        f"""
        import numpy as np
        from tidings.stories.vectors.embedded import EmbeddedIndex
        index = EmbeddedIndex({str(tmp_path)!r}, "hashed")
        index.upsert([7, 8, 9], np.load({str(tmp_path / "vectors.npy")!r}), "hashed")
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)

    assert reader.count() == 3
    assert reader.search(vectors[1], 1)[0][0] == 8


@needs_faiss
def test_a_large_index_moves_to_faiss_and_is_stored_as_such(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded, "APPROXIMATE_FROM", 2000)
    monkeypatch.setattr(embedded, "COMPACT_AT_LEAST", 500)
    index = EmbeddedIndex(tmp_path, "hashed")
    vectors = random_vectors(2600)
    for start in range(0, 2600, 650):
        ids = list(range(start + 1, start + 651))
        index.upsert(ids, vectors[start : start + 650], "hashed")

    current = current_of(index)
    assert (current["engine"], current["trained_on"]) == ("ivf", 2600)
    index.remove([5])
    restarted = EmbeddedIndex(tmp_path, "hashed")
    for reader in (index, restarted):
        assert reader.count() == 2599
        for number in (0, 700, 2599):
            assert reader.search(near(vectors[number], seed=number, noise=0.2), 1)[0][0] == (
                number + 1
            )
        assert 5 not in {article_id for article_id, _ in reader.search(vectors[4], 10)}


def ivf_engine(ids, vectors):
    from tidings.stories.vectors.faiss_index import IvfEngine

    return IvfEngine.build(ids, vectors)


@pytest.mark.parametrize(
    "make",
    [ExactEngine.build, pytest.param(ivf_engine, marks=needs_faiss)],
    ids=["exact", "ivf"],
)
def test_engines_add_remove_search_and_give_everything_back(make):
    vectors = random_vectors(3000)
    ids = np.arange(10, 3010, dtype=np.int64)
    engine = make(ids[:2900], vectors[:2900])
    engine.add(ids[2900:], vectors[2900:])
    engine.remove(np.array([10, 11, 99999], dtype=np.int64))

    found, scores = engine.search(vectors[2950], 5)
    assert found[0] == 2960 and scores[0] == pytest.approx(1.0, abs=1e-5)
    assert len(engine) == 2998
    held_ids, held_vectors = engine.items()
    order = np.argsort(held_ids)
    assert held_ids[order].tolist() == list(range(12, 3010))
    np.testing.assert_array_equal(held_vectors[order], vectors[2:])


def test_a_snapshot_that_cannot_be_read_asks_for_a_reindex(tmp_path, small_compactions):
    index = EmbeddedIndex(tmp_path, "hashed")
    index.upsert(list(range(1, 12)), random_vectors(11), "hashed")  # compacts
    generation = current_of(index)["generation"]
    (index.folder / f"snapshot-{generation}.npz").write_bytes(b"not a snapshot")

    with pytest.raises(VectorIndexError, match="tidings reindex"):
        EmbeddedIndex(tmp_path, "hashed").count()


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    (tmp_path / "blocked").write_text("a file where the folder should be")
    index = EmbeddedIndex(tmp_path / "blocked", "hashed")
    with pytest.raises(VectorIndexError, match="cannot be read: Not a directory"):
        index.count()
    with pytest.raises(VectorIndexError, match="cannot be written: Not a directory"):
        index.upsert([1], random_vectors(1), "hashed")
