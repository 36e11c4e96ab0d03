"""The contract both vector index backends keep, run against each of them for real."""

from __future__ import annotations

import io
import threading

import numpy as np
import psycopg
import pytest
from psycopg import sql

from tidings.enrich.embeddings import DIMENSIONS
from tidings.stories.vectors.embedded import EmbeddedIndex
from tidings.stories.vectors.pgvector_index import (
    PgvectorIndex,
    check_pgvector_version,
    without_password,
)


def unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def random_vectors(count: int, seed: int = 0) -> np.ndarray:
    return unit(np.random.default_rng(seed).standard_normal((count, DIMENSIONS)))


def near(vector: np.ndarray, seed: int, noise: float = 0.3) -> np.ndarray:
    """A vector close to ``vector``."""
    return unit(vector + noise * random_vectors(1, seed)[0])


@pytest.fixture(params=["embedded", "pgvector"])
def open_index(request, tmp_path):
    """Opens the backend's index over one storage; each call is a new object, as a
    restarted or another process would make."""
    if request.param == "embedded":
        return lambda: EmbeddedIndex(tmp_path / "vectors", "hashed")
    url = request.getfixturevalue("pgvector_url")
    PgvectorIndex(url, "hashed").clear()
    return lambda: PgvectorIndex(url, "hashed")


def test_search_finds_the_nearest_vectors_best_first(open_index):
    index = open_index()
    vectors = random_vectors(50)
    index.upsert(list(range(1, 51)), vectors, "hashed")

    hits = index.search(near(vectors[9], seed=1), 3)

    assert hits[0][0] == 10
    assert 0.5 < hits[0][1] <= 1.0 + 1e-5
    assert hits[0][1] > hits[1][1] >= hits[2][1]
    assert index.count() == 50


def test_an_upsert_replaces_the_articles_vector(open_index):
    index = open_index()
    vectors = random_vectors(20)
    index.upsert(list(range(1, 21)), vectors, "hashed")

    index.upsert([5], vectors[14:15], "hashed")

    assert index.count() == 20
    top_two = {article_id for article_id, _ in index.search(vectors[14], 2)}
    assert top_two == {5, 15}
    assert index.search(vectors[4], 1)[0][0] != 5


def test_removed_articles_are_not_found_and_unknown_ids_are_ignored(open_index):
    index = open_index()
    vectors = random_vectors(10)
    index.upsert(list(range(1, 11)), vectors, "hashed")

    index.remove([3, 4, 999])

    assert index.count() == 8
    found = {article_id for article_id, _ in index.search(vectors[2], 10)}
    assert found == set(range(1, 11)) - {3, 4}


def test_writes_survive_a_restart_and_reach_other_open_indexes(open_index):
    reader = open_index()
    assert reader.count() == 0  # the reader has looked before the writes
    writer = open_index()
    vectors = random_vectors(30)
    writer.upsert(list(range(1, 31)), vectors, "hashed")
    writer.remove([30])

    restarted = open_index()

    for index in (reader, restarted):
        assert index.count() == 29
        assert index.search(vectors[0], 1)[0][0] == 1


def test_clear_forgets_everything(open_index):
    index = open_index()
    index.upsert([1, 2], random_vectors(2), "hashed")

    index.clear()

    assert index.count() == 0
    assert index.search(random_vectors(1)[0], 5) == []
    assert open_index().count() == 0


def test_rebuild_replaces_the_contents(open_index):
    index = open_index()
    index.upsert([1, 2, 3], random_vectors(3, seed=1), "hashed")
    vectors = random_vectors(40, seed=2)
    batches = [(list(range(100, 120)), vectors[:20]), (list(range(120, 140)), vectors[20:])]

    held = index.rebuild(iter(batches), "hashed")

    assert held == 40
    assert open_index().count() == 40
    assert index.search(vectors[25], 1)[0][0] == 125


def test_a_write_made_during_a_rebuild_is_kept(open_index):
    """Another process's write while the rebuild reads the database: the embedded index
    makes it wait for the rebuild, pgvector carries it over into the new table."""
    vectors = random_vectors(41, seed=3)
    other = open_index()
    other.count()
    writer = threading.Thread(target=other.upsert, args=([500], vectors[40:], "hashed"))

    def batches():
        yield list(range(1, 21)), vectors[:20]
        writer.start()
        writer.join(timeout=1.0)  # pgvector: done by now; embedded: waiting for the lock
        yield list(range(21, 41)), vectors[20:40]

    open_index().rebuild(batches(), "hashed")
    writer.join()

    index = open_index()
    assert index.count() == 41
    assert index.search(vectors[40], 1)[0][0] == 500


@pytest.mark.parametrize(
    ("ids", "vectors", "backend", "problem"),
    [
        ([1], random_vectors(1), "model", "not comparable"),
        ([1], random_vectors(1), "fancy", "not one of"),
        ([1, 2], random_vectors(1), "hashed", "expected 2 vectors"),
        ([1], random_vectors(1)[:, :10], "hashed", "expected 1 vectors of 384"),
        ([1], 2 * random_vectors(1), "hashed", "not of unit length"),
        ([1], np.full((1, DIMENSIONS), np.nan), "hashed", "finite"),
        ([1, 1], random_vectors(2), "hashed", "once"),
        ([0], random_vectors(1), "hashed", "positive"),
    ],
)
def test_bad_writes_are_refused_and_change_nothing(open_index, ids, vectors, backend, problem):
    index = open_index()
    with pytest.raises(ValueError, match=problem):
        index.upsert(ids, vectors, backend)
    assert index.count() == 0


def test_bad_queries_are_refused(open_index):
    index = open_index()
    with pytest.raises(ValueError, match="384"):
        index.search(np.ones(3, dtype=np.float32), 5)
    with pytest.raises(ValueError, match="k must be"):
        index.search(random_vectors(1)[0], 0)


def test_an_unreachable_pgvector_database_is_a_clear_error(tmp_path):
    from tidings.stories.vectors import VectorIndexError

    url = f"postgresql://someone:secret@/nowhere?host={tmp_path}"
    with pytest.raises(VectorIndexError, match="cannot reach the vector database") as raised:
        PgvectorIndex(url, "hashed").count()
    assert "secret" not in str(raised.value)


def test_a_database_without_pgvector_is_a_clear_error(pgvector_url):
    """A server whose vector extension cannot be created: the pgserver one, as a user that
    may not create extensions."""
    from tidings.stories.vectors import VectorIndexError

    with psycopg.connect(pgvector_url, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS plain")
        admin.execute("CREATE DATABASE plain")
        admin.execute("DROP ROLE IF EXISTS reader")
        admin.execute("CREATE ROLE reader LOGIN")
    plain = pgvector_url.replace("postgres:@/postgres", "reader:@/plain")

    with pytest.raises(VectorIndexError, match="cannot enable pgvector"):
        PgvectorIndex(plain, "hashed").count()


def stored_as(url: str, table: str) -> tuple[str, str]:
    """The type of ``table``'s embeddings and the operators of its graph."""
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT format_type(atttypid, atttypmod), opcname FROM pg_attribute "
            "JOIN pg_index ON indrelid = attrelid JOIN pg_opclass ON pg_opclass.oid = indclass[0] "
            "WHERE attrelid = %s::regclass AND attname = 'embedding' AND indkey[0] = attnum",
            [table],
        ).fetchone()


def make_table_of_full_vectors(url: str, table: str) -> None:
    """The table as tidings made it before halfvec: 32-bit ``vector``s."""
    names = {"table": sql.Identifier(table), "graph": sql.Identifier(f"{table}_hnsw")}
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP TABLE IF EXISTS {table}").format(**names))
        admin.execute(
            sql.SQL(
                "CREATE TABLE {table} (article_id bigint PRIMARY KEY, "
                "embedding vector(384) NOT NULL, indexed_at timestamptz NOT NULL DEFAULT now())"
            ).format(**names)
        )
        admin.execute(
            sql.SQL(
                "CREATE INDEX {graph} ON {table} USING hnsw (embedding vector_cosine_ops)"
            ).format(**names)
        )


def test_pgvector_stores_half_precision_vectors_in_a_cosine_graph(pgvector_url):
    index = PgvectorIndex(pgvector_url, "hashed")
    index.clear()
    vectors = random_vectors(20, seed=4)
    index.upsert(list(range(1, 21)), vectors, "hashed")

    assert stored_as(pgvector_url, index.table) == ("halfvec(384)", "halfvec_cosine_ops")
    best, score = index.search(vectors[3], 1)[0]
    assert best == 4
    assert score == pytest.approx(1.0, abs=1e-3)  # 16-bit floats, still the same vector


def test_a_table_of_full_vectors_works_until_reindex_converts_it(
    use_pgvector, settings, make_article, caplog
):
    """A table an older tidings made: searched and written as it is, with a warning
    naming the fix, until ``tidings reindex`` rebuilds it as halfvec, while a process that
    opened it before goes on using it."""
    from django.core.management import call_command

    from tidings.enrich.models import ArticleAnalysis

    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    table = PgvectorIndex(use_pgvector, "hashed").table
    make_table_of_full_vectors(use_pgvector, table)
    vectors = random_vectors(6, seed=5)
    articles = [make_article() for _ in vectors]
    ArticleAnalysis.objects.bulk_create(
        ArticleAnalysis(article=article, embedding=vector.tobytes(), embedding_backend="hashed")
        for article, vector in zip(articles, vectors, strict=True)
    )
    ids = [article.pk for article in articles]

    old = PgvectorIndex(use_pgvector, "hashed")
    old.upsert(ids[:5], vectors[:5], "hashed")
    assert old.search(vectors[1], 1)[0][0] == ids[1]
    assert "stores vector" in caplog.text
    assert "`tidings reindex` rebuilds it as halfvec" in caplog.text

    call_command("reindex", stdout=io.StringIO())

    assert stored_as(use_pgvector, table) == ("halfvec(384)", "halfvec_cosine_ops")
    assert old.search(vectors[5], 1)[0][0] == ids[5]
    old.upsert([ids[0]], vectors[2:3], "hashed")
    assert {hit for hit, _ in old.search(vectors[2], 2)} == {ids[0], ids[2]}
    caplog.clear()
    assert PgvectorIndex(use_pgvector, "hashed").count() == 6
    assert "stores vector" not in caplog.text


@pytest.mark.parametrize("version", ["0.5.1", "0.6.2"])
def test_a_pgvector_without_halfvec_is_refused_with_what_to_do(version):
    from tidings.stories.vectors import VectorIndexError

    with pytest.raises(VectorIndexError, match="needs 0.7 or later.*ALTER EXTENSION"):
        check_pgvector_version(version, "postgres://db.example/news")


def test_a_pgvector_with_halfvec_is_accepted():
    for version in ("0.7.0", "0.8.5", "1.0.0"):
        check_pgvector_version(version, "postgres://db.example/news")


def test_passwords_stay_out_of_messages():
    assert without_password("postgres://tidings:hunter2@db.example:5432/news") == (
        "postgres://tidings:***@db.example:5432/news"
    )
    assert without_password("postgres://db.example/news") == "postgres://db.example/news"


def test_the_pgvector_database_defaults_to_the_main_one_and_must_be_postgresql():
    from tidings.config import ConfigError
    from tidings.locations import vector_database_url

    main = "postgres://tidings@db.example/news"
    own = "postgresql://vectors@vectors.example/vectors"
    assert vector_database_url("embedded", own, main) == ""
    assert vector_database_url("pgvector", "", main) == main
    assert vector_database_url("pgvector", own, main) == own
    with pytest.raises(ConfigError, match="needs PostgreSQL"):
        vector_database_url("pgvector", "", "")  # SQLite
    with pytest.raises(ConfigError, match="needs PostgreSQL"):
        vector_database_url("pgvector", "sqlite:///tmp/vectors.db", main)
