"""The scaled-out vector index: pgvector in PostgreSQL, shared by every process everywhere.

One table per embedding backend, ``tidings_vectors_<backend>(article_id, embedding,
indexed_at)``, with an HNSW index over cosine distance. The tables are made on first use,
in the database of ``TIDINGS_VECTOR_DATABASE_URL`` (by default ``DATABASE_URL``), which
needs the ``vector`` extension, 0.7 or later (Debian: ``postgresql-NN-pgvector``).

The vectors are stored as ``halfvec`` (16-bit floats): half the memory and disk of
``vector``, so twice as much of the index stays in PostgreSQL's shared buffers, for the
same neighbours (``bench/stories.py`` measures both). A table made by an older tidings as
``vector`` goes on working (pgvector casts between the two types implicitly), with a
warning, until ``tidings reindex`` rebuilds it as ``halfvec``: converting a million rows
and their graph takes minutes, which no request should wait for.

Each thread keeps its own connection, in autocommit: every write is a statement of its
own, durable when it returns, and seen at once by every other process.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg
from pgvector import HalfVector
from psycopg import sql

from tidings.enrich.embeddings import DIMENSIONS
from tidings.stories.vectors.base import (
    Hit,
    VectorIndexError,
    check_backend,
    checked_ids,
    checked_query,
    checked_vectors,
)

log = logging.getLogger(__name__)

STORED_TYPE = "halfvec"
OLDEST_PGVECTOR = (0, 7)  # the first with halfvec
# The HNSW graph: links per node and candidates weighed per insertion while building it.
# Measured at a million (bench/stories.py, ef_search 100): pgvector's defaults (16, 64)
# find 80% of the true 50 nearest in 7 ms at p95; (32, 80) find 90% in 9.6 ms, for a graph
# 17% larger that takes 11 minutes instead of 6 to build on two cores.
LINKS = 32
BUILD_EXPLORED = 80
# A search explores at least this many candidates (pgvector's default of 40 finds
# noticeably fewer true neighbours), and at least k; pgvector allows at most 1000.
FEWEST_EXPLORED = 100
MOST_EXPLORED = 1000
# Memory for building the HNSW graph in a rebuild: a graph that does not fit is built
# much more slowly. A million 384-number halfvecs need about 1 GB.
BUILD_MEMORY = "2GB"
CONNECT_TIMEOUT = 10
SCHEMA_LOCK = 0x7469_6469  # advisory lock: two processes creating the tables wait in turn


def without_password(url: str) -> str:
    """The address for messages: everything but the password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class PgvectorIndex:
    def __init__(self, url: str, backend: str) -> None:
        self.url = url
        self.backend = backend
        self.table = f"tidings_vectors_{backend}"
        self._local = threading.local()

    # The interface.

    def upsert(self, ids: Sequence[int], vectors: np.ndarray, backend: str) -> None:
        check_backend(self.backend, backend)
        id_array = checked_ids(ids)
        matrix = checked_vectors(id_array, vectors)
        if not id_array.size:
            return
        statement = sql.SQL(
            "INSERT INTO {} (article_id, embedding) VALUES (%s, %s) ON CONFLICT (article_id) "
            "DO UPDATE SET embedding = EXCLUDED.embedding, indexed_at = now()"
        ).format(sql.Identifier(self.table))
        with self._cursor() as cursor:
            cursor.executemany(statement, list(zip(id_array.tolist(), matrix, strict=True)))

    def remove(self, ids: Sequence[int]) -> None:
        id_array = checked_ids(ids)
        if not id_array.size:
            return
        statement = sql.SQL("DELETE FROM {} WHERE article_id = ANY(%s)")
        with self._cursor() as cursor:
            cursor.execute(statement.format(sql.Identifier(self.table)), [id_array.tolist()])

    def search(self, vector: np.ndarray, k: int) -> list[Hit]:
        query = checked_query(vector, k)
        explored = min(MOST_EXPLORED, max(FEWEST_EXPLORED, k))
        statement = sql.SQL(
            "SELECT article_id, 1 - (embedding <=> %s) FROM {} ORDER BY embedding <=> %s LIMIT %s"
        ).format(sql.Identifier(self.table))
        with self._cursor() as cursor:
            if getattr(self._local, "explored", None) != explored:
                cursor.execute(f"SET hnsw.ef_search = {explored:d}")
                self._local.explored = explored
            cursor.execute(statement, [query, query, k])
            return [(int(article_id), float(score)) for article_id, score in cursor.fetchall()]

    def count(self) -> int:
        with self._cursor() as cursor:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(self.table)))
            return int(cursor.fetchone()[0])

    def clear(self) -> None:
        with self._cursor() as cursor:
            cursor.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(self.table)))

    def rebuild(self, batches: Iterable[tuple[Sequence[int], np.ndarray]], backend: str) -> int:
        """Replace the whole index by the vectors of ``batches``; returns how many it holds
        (with what was written meanwhile).

        1. Copy the vectors into a new table and build its HNSW index there (much faster
           than growing the graph row by row), while the old table serves searches and
           takes writes.
        2. In one transaction, with writers shut out: carry over the rows written to the
           old table since step 1 began, drop it, and give the new one its name.
        """
        check_backend(self.backend, backend)
        table, fresh = self.table, f"{self.table}_rebuild"
        names = {
            "table": sql.Identifier(table),
            "fresh": sql.Identifier(fresh),
            "fresh_key": sql.Identifier(f"{fresh}_pkey"),
            "key": sql.Identifier(f"{table}_pkey"),
            "fresh_graph": sql.Identifier(f"{fresh}_hnsw"),
            "graph": sql.Identifier(f"{table}_hnsw"),
        }
        with self._cursor() as cursor:
            cursor.execute("SELECT now()")
            started = cursor.fetchone()[0]
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {fresh}").format(**names))
            cursor.execute(_table_sql(fresh))
            copy_sql = sql.SQL(
                "COPY {fresh} (article_id, embedding) FROM STDIN WITH (FORMAT BINARY)"
            ).format(**names)
            with cursor.copy(copy_sql) as copy:
                copy.set_types(["bigint", STORED_TYPE])
                for ids, vectors in batches:
                    id_array = checked_ids(ids)
                    halves = checked_vectors(id_array, vectors).astype(np.float16)
                    for article_id, row in zip(id_array.tolist(), halves, strict=True):
                        copy.write_row((article_id, HalfVector(row)))
            cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
            cursor.execute(_graph_sql(fresh))
            with cursor.connection.transaction():
                cursor.execute(sql.SQL("LOCK TABLE {table} IN EXCLUSIVE MODE").format(**names))
                # The old table may hold ``vector``s (an older tidings): they are cast.
                cursor.execute(
                    sql.SQL(
                        "INSERT INTO {fresh} (article_id, embedding, indexed_at) "
                        "SELECT article_id, embedding, indexed_at FROM {table} "
                        "WHERE indexed_at >= %s "
                        "ON CONFLICT (article_id) DO UPDATE SET embedding = EXCLUDED.embedding"
                    ).format(**names),
                    [started],
                )
                cursor.execute(sql.SQL("DROP TABLE {table}").format(**names))
                cursor.execute(sql.SQL("ALTER TABLE {fresh} RENAME TO {table}").format(**names))
                cursor.execute(
                    sql.SQL("ALTER TABLE {table} RENAME CONSTRAINT {fresh_key} TO {key}").format(
                        **names
                    )
                )
                cursor.execute(
                    sql.SQL("ALTER INDEX {fresh_graph} RENAME TO {graph}").format(**names)
                )
            cursor.execute("RESET maintenance_work_mem")
        return self.count()

    # The connection.

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[psycopg.Cursor]:
        """A cursor on this thread's connection; the database's errors come out as
        ``VectorIndexError`` with what the server said."""
        try:
            with self._connection().cursor() as cursor:
                yield cursor
        except psycopg.Error as error:
            raise VectorIndexError(
                f"the vector database {without_password(self.url)} answered: {error}"
            ) from error

    def _connection(self) -> psycopg.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is not None and not connection.closed and not connection.broken:
            return connection
        where = without_password(self.url)
        try:
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as error:
            raise VectorIndexError(f"cannot reach the vector database {where}: {error}") from None
        try:
            self._ensure_tables(connection, where)
        except BaseException:
            connection.close()
            raise
        from pgvector.psycopg import register_vector

        register_vector(connection)
        self._local.connection = connection
        self._local.explored = None
        return connection

    def _ensure_tables(self, connection: psycopg.Connection, where: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [SCHEMA_LOCK])
            try:
                try:
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
                except psycopg.Error as error:
                    raise VectorIndexError(
                        f"cannot enable pgvector in the database {where} "
                        f"({error.diag.message_primary}): install it there (Debian: "
                        "postgresql-NN-pgvector) and create it once as a superuser "
                        "(CREATE EXTENSION vector), or set TIDINGS_VECTOR_INDEX=embedded."
                    ) from None
                cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
                check_pgvector_version(cursor.fetchone()[0], where)
                cursor.execute(_table_sql(self.table, if_not_exists=True))
                stored = stored_type(cursor, self.table)
                cursor.execute(_graph_sql(self.table, stored, if_not_exists=True))
                if stored != STORED_TYPE:
                    log.warning(
                        "the vector index %s in %s stores %s, as an older tidings made it: it "
                        "works, but `tidings reindex` rebuilds it as %s, half the size and "
                        "faster to search.",
                        self.table,
                        where,
                        stored,
                        STORED_TYPE,
                    )
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SCHEMA_LOCK])


def check_pgvector_version(version: str, where: str) -> None:
    """Refuse a pgvector older than ``OLDEST_PGVECTOR``, saying how to update it."""
    try:
        found = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        raise VectorIndexError(
            f"cannot read the pgvector version {version!r} of the database {where}."
        ) from None
    if found < OLDEST_PGVECTOR:
        oldest = ".".join(map(str, OLDEST_PGVECTOR))
        raise VectorIndexError(
            f"the database {where} has pgvector {version}; tidings needs {oldest} or later "
            "(for halfvec): install a newer one and run ALTER EXTENSION vector UPDATE there "
            "as a superuser, or set TIDINGS_VECTOR_INDEX=embedded."
        )


def stored_type(cursor: psycopg.Cursor, table: str) -> str:
    """The type of ``table``'s embeddings: ``halfvec``, or ``vector`` in a table made by
    an older tidings."""
    cursor.execute(
        "SELECT typname FROM pg_attribute JOIN pg_type ON pg_type.oid = atttypid "
        "WHERE attrelid = %s::regclass AND attname = 'embedding'",
        [table],
    )
    return cursor.fetchone()[0]


def _table_sql(table: str, *, if_not_exists: bool = False) -> sql.Composed:
    return sql.SQL(
        "CREATE TABLE {maybe} {table} (article_id bigint PRIMARY KEY, "
        "embedding {type}({dimensions}) NOT NULL, "
        "indexed_at timestamptz NOT NULL DEFAULT now())"
    ).format(
        maybe=sql.SQL("IF NOT EXISTS" if if_not_exists else ""),
        table=sql.Identifier(table),
        type=sql.SQL(STORED_TYPE),
        dimensions=sql.Literal(DIMENSIONS),
    )


def _graph_sql(
    table: str, stored: str = STORED_TYPE, *, if_not_exists: bool = False
) -> sql.Composed:
    return sql.SQL(
        "CREATE INDEX {maybe} {graph} ON {table} USING hnsw (embedding {operators}) "
        "WITH (m = {links}, ef_construction = {explored})"
    ).format(
        maybe=sql.SQL("IF NOT EXISTS" if if_not_exists else ""),
        graph=sql.Identifier(f"{table}_hnsw"),
        table=sql.Identifier(table),
        operators=sql.Identifier(f"{stored}_cosine_ops"),
        links=sql.Literal(LINKS),
        explored=sql.Literal(BUILD_EXPLORED),
    )
