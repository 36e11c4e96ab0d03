"""The embedded vector index: in each process's memory, persisted under ``TIDINGS_HOME``.

Every web and worker process of one machine keeps its own copy in memory and sees the
writes of the others, through files in one folder per embedding backend::

    vectors/hashed/CURRENT             {"generation": 7, "engine": "ivf", ...}, replaced whole
    vectors/hashed/snapshot-7.faiss    the whole index as of generation 7 (.npz when exact)
    vectors/hashed/log-7               writes since that snapshot, appended
    vectors/hashed/lock                held by a writer while it writes

1. A writer takes the lock, reads what others appended, and appends its own records to the
   log, each with a checksum (``embedded_log.py``), then fsyncs. Writes are durable when
   ``upsert`` returns.
2. Before each search a reader looks at ``CURRENT`` and the log's size (two ``stat`` calls)
   and applies the records it has not yet seen.
3. When the log has grown to a quarter of the index, the writer compacts: it writes a new
   snapshot to a temporary file, fsyncs it, renames it into place, and only then replaces
   ``CURRENT``. A crash at any point leaves either the old generation or the new one whole;
   a record torn by a crash fails its checksum and is cut off by the next writer.
   A reader that had read the old log to its end switches to the new generation without
   loading anything; one that had not loads the new snapshot. Compacting a million vectors
   writes 1.5 GB (seconds); when the index has doubled since faiss was trained, it is
   trained anew (about a minute at a million), and other writers wait meanwhile.

This holds for every process on one machine (one file system with working ``flock``); for
many machines use the pgvector backend.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import threading
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from tidings.enrich.embeddings import DIMENSIONS
from tidings.stories.vectors.base import (
    Hit,
    VectorIndexError,
    check_backend,
    checked_ids,
    checked_query,
    checked_vectors,
)
from tidings.stories.vectors.embedded_log import (
    RECORD,
    REMOVE,
    UPSERT,
    apply_records,
    intact_records,
    records_of,
)
from tidings.stories.vectors.exact import ExactEngine

log = logging.getLogger(__name__)

# Compaction once the log holds this share of the index's size (and at least the minimum):
# rarely enough that a million-article index is rewritten about every 250,000 writes,
# often enough that a process starting up replays little.
COMPACT_SHARE = 0.25
COMPACT_AT_LEAST = 10_000
# Below this many vectors the exact search is fast enough (about 1 ms) and always right.
APPROXIMATE_FROM = 20_000
# An approximate index is trained again once the collection has doubled since it was.
RETRAIN_GROWTH = 2.0
EXACT, IVF = "exact", "ivf"


def faiss_available() -> bool:
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True


def choose_engine(size: int, engine_kind: str, trained_on: int, faiss_installed: bool) -> str:
    """The engine a snapshot of ``size`` vectors should have: "keep" the current one, or
    build an "exact" or (trained anew) an "ivf" one."""
    if not faiss_installed or size < APPROXIMATE_FROM:
        return "keep" if engine_kind == EXACT else EXACT
    if engine_kind == IVF and size < RETRAIN_GROWTH * trained_on:
        return "keep"
    return IVF


@dataclass(frozen=True)
class Current:
    """What ``CURRENT`` says: the generation in force and how to read its snapshot."""

    generation: int = 0
    engine: str = EXACT
    trained_on: int = 0  # vectors the ivf engine was trained on
    # True when the snapshot is the one before plus the first ``covers`` bytes of the log
    # before (a compaction that kept its engine); False when it starts afresh.
    continues: bool = False
    covers: int = 0


class EmbeddedIndex:
    """The vector index of one embedding backend, kept in ``folder / backend``."""

    def __init__(self, folder: Path, backend: str) -> None:
        self.backend = backend
        self.folder = Path(folder) / backend
        self._guard = (
            threading.RLock()
        )  # the threads of one process; the lock file is for processes
        self._engine = None
        self._current = Current()
        self._current_stamp: tuple[int, int, int] | None = None
        self._offset = 0  # bytes of this generation's log applied

    # The interface.

    def upsert(self, ids: Sequence[int], vectors: np.ndarray, backend: str) -> None:
        check_backend(self.backend, backend)
        id_array = checked_ids(ids)
        matrix = checked_vectors(id_array, vectors)
        if id_array.size:
            self._write(records_of(UPSERT, id_array, matrix))

    def remove(self, ids: Sequence[int]) -> None:
        id_array = checked_ids(ids)
        if id_array.size:
            vectors = np.zeros((id_array.size, DIMENSIONS), dtype=np.float32)
            self._write(records_of(REMOVE, id_array, vectors))

    def search(self, vector: np.ndarray, k: int) -> list[Hit]:
        query = checked_query(vector, k)
        with self._guard, self._failing_as("read"):
            self._sync()
            ids, scores = self._engine.search(query, k)
        return list(zip(ids.tolist(), scores.tolist(), strict=True))

    def count(self) -> int:
        with self._guard, self._failing_as("read"):
            self._sync()
            return len(self._engine)

    def clear(self) -> None:
        with self._guard, self._failing_as("written"), self._locked():
            self._sync()
            self._publish(ExactEngine(), continues=False)

    def rebuild(self, batches: Iterable[tuple[Sequence[int], np.ndarray]], backend: str) -> int:
        """Replace the whole index by the vectors of ``batches`` ((ids, vectors) pairs);
        returns how many it holds.

        Writers wait while this runs, so that none of their writes falls between the rows
        read here and the new snapshot; readers go on with the old generation meanwhile.
        """
        check_backend(self.backend, backend)
        with self._guard, self._failing_as("written"), self._locked():
            all_ids, all_vectors = [], []
            for ids, vectors in batches:
                id_array = checked_ids(ids)
                all_ids.append(id_array)
                all_vectors.append(checked_vectors(id_array, vectors))
            ids = np.concatenate(all_ids) if all_ids else np.zeros(0, dtype=np.int64)
            if np.unique(ids).size != ids.size:
                raise ValueError("each article may appear once in a rebuild.")
            vectors = (
                np.concatenate(all_vectors)
                if all_vectors
                else np.zeros((0, DIMENSIONS), dtype=np.float32)
            )
            del all_ids, all_vectors
            kind = choose_engine(ids.size, "none", 0, faiss_available())
            self._sync()
            self._publish(_built(kind, ids, vectors), continues=False)
            return ids.size

    # Writing.

    def _write(self, records: np.ndarray) -> None:
        """1. Under the lock, catch up, and cut off whatever a crashed writer left half
        written after the last good record. 2. Append and fsync. 3. Apply our own records
        by reading them back, as any reader does. 4. Compact when the log has grown."""
        with self._guard, self._failing_as("written"), self._locked():
            self._sync()
            with open(self._log_path(self._current.generation), "ab") as handle:
                if handle.tell() < self._offset:
                    raise VectorIndexError(
                        f"the vector log in {self.folder} is shorter than what was read from "
                        "it: something else changed it. Run `tidings reindex`."
                    )
                handle.truncate(self._offset)
                handle.write(records.tobytes())
                handle.flush()
                os.fsync(handle.fileno())
            self._sync()
            logged = self._offset // RECORD.itemsize
            if logged >= max(COMPACT_AT_LEAST, COMPACT_SHARE * len(self._engine)):
                self._compact()

    def _compact(self) -> None:
        engine = self._engine
        kind = choose_engine(len(engine), engine.kind, engine.trained_on, faiss_available())
        if kind == "keep":
            self._publish(engine, continues=True)
        else:
            self._publish(_built(kind, *engine.items()), continues=False)

    def _publish(self, engine, *, continues: bool) -> None:
        """Make ``engine`` the next generation: snapshot first, then ``CURRENT``, each
        written aside, fsynced and renamed over, so that a crash leaves one whole generation."""
        before = self._current
        following = Current(
            generation=before.generation + 1,
            engine=engine.kind,
            trained_on=engine.trained_on,
            continues=continues,
            covers=self._offset,
        )
        snapshot = self._snapshot_path(following)
        aside = snapshot.with_name(f".{snapshot.name}.tmp")
        engine.save(aside)
        _fsync_file(aside)
        os.replace(aside, snapshot)
        _write_atomically(self.folder / "CURRENT", json.dumps(asdict(following)))
        _fsync_dir(self.folder)
        self._engine, self._current, self._offset = engine, following, 0
        self._current_stamp = _stamp(self.folder / "CURRENT")
        self._remove_generations_before(before.generation)

    def _remove_generations_before(self, generation: int) -> None:
        """Files of generations before ``generation``: no reader needs them any more (one
        still reading the previous generation's log catches up from it, so that stays)."""
        for path in self.folder.iterdir():
            kind, _, number = path.name.split(".")[0].partition("-")
            if kind in {"snapshot", "log"} and number.isdigit() and int(number) < generation:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            yield  # closing the file releases the lock

    @contextlib.contextmanager
    def _failing_as(self, action: str) -> Iterator[None]:
        """The file system's errors (a full disk, a folder that is a file) as
        ``VectorIndexError``, saying where and what."""
        try:
            yield
        except OSError as error:
            raise VectorIndexError(
                f"the vector index in {self.folder} cannot be {action}: {error.strerror or error}."
            ) from error

    # Reading.

    def _sync(self) -> None:
        """Bring this process's copy up to what the files say (the caller holds the guard).

        1. When ``CURRENT`` changed, move to its generation: cheaply, by reading the old
           log up to where the new snapshot took over, when the new snapshot continues the
           old one and this copy has not read past that point; else by loading it.
        2. Apply the records appended to the generation's log since the last look.
        """
        current_path = self.folder / "CURRENT"
        stamp = _stamp(current_path)
        if self._engine is None or stamp != self._current_stamp:
            current = _read_current(current_path)
            if self._engine is None or current.generation != self._current.generation:
                self._move_to(current)
            self._current, self._current_stamp = current, stamp
        self._tail(self._log_path(self._current.generation))

    def _move_to(self, current: Current) -> None:
        if (
            self._engine is not None
            and current.continues
            and current.generation == self._current.generation + 1
            and self._offset <= current.covers
        ):
            self._tail(self._log_path(self._current.generation), until=current.covers)
            if self._offset == current.covers:
                self._offset = 0
                return
        self._engine = self._load_snapshot(current)
        self._offset = 0

    def _load_snapshot(self, current: Current):
        if current.generation == 0:
            return ExactEngine()
        path = self._snapshot_path(current)
        if current.engine == IVF and not faiss_available():
            raise VectorIndexError(
                f"the vector index in {self.folder} was built with faiss, which is not "
                "installed here: install the ml extra, or run `tidings reindex` to rebuild "
                "it without."
            )
        try:
            if current.engine == IVF:
                from tidings.stories.vectors.faiss_index import IvfEngine

                return IvfEngine.load(path, current.trained_on)
            return ExactEngine.load(path)
        except (OSError, ValueError, KeyError, RuntimeError, zipfile.BadZipFile) as error:
            raise VectorIndexError(
                f"the vector index snapshot {path} cannot be read ({error}); "
                "run `tidings reindex` to rebuild it from the database."
            ) from None

    def _tail(self, path: Path, until: int | None = None) -> None:
        """Apply the whole, intact records of the log after ``self._offset`` (up to
        ``until`` bytes)."""
        records = intact_records(path, self._offset, until)
        if len(records):
            apply_records(self._engine, records)
            self._offset += len(records) * RECORD.itemsize

    def _log_path(self, generation: int) -> Path:
        return self.folder / f"log-{generation}"

    def _snapshot_path(self, current: Current) -> Path:
        suffix = ".faiss" if current.engine == IVF else ".npz"
        return self.folder / f"snapshot-{current.generation}{suffix}"


def _built(kind: str, ids: np.ndarray, vectors: np.ndarray):
    if kind == IVF:
        from tidings.stories.vectors.faiss_index import IvfEngine

        log.info("training the approximate vector index on %d vectors", len(ids))
        return IvfEngine.build(ids, vectors)
    return ExactEngine.build(ids, vectors)


def _read_current(path: Path) -> Current:
    try:
        text = path.read_text()
    except FileNotFoundError:
        return Current()
    try:
        return Current(**json.loads(text))
    except (ValueError, TypeError):
        raise VectorIndexError(
            f"{path} is not what tidings wrote; delete the folder and run `tidings reindex`."
        ) from None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_ino, status.st_mtime_ns, status.st_size)


def _write_atomically(path: Path, text: str) -> None:
    aside = path.with_name(f".{path.name}.tmp")
    with open(aside, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(aside, path)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
