"""Where the demo keeps its data, and the environment it runs in: never the operator's
own database, queue or vector index."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

# The operator's stores, which the demo must not touch: without them everything lives in
# the demo's folder (SQLite, the file queue, the embedded vector index).
OPERATOR_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "TIDINGS_VECTOR_INDEX",
    "TIDINGS_VECTOR_DATABASE_URL",
)
# The demo's publishers live on loopback, which tidings refuses unless told, and nothing
# else is reachable: the headlines' own pages fail at once, not after a DNS or connection
# timeout each.
DEMO_ENVIRONMENT = {"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1", "TIDINGS_OFFLINE": "1"}


def demo_home(tidings_home: Path, given: str | None) -> Path:
    """The folder named with --home, else ``demo`` inside TIDINGS_HOME."""
    return (Path(given).expanduser() if given else tidings_home / "demo").resolve()


def runs_in(home: Path, tidings_home: Path, environ: Mapping[str, str]) -> bool:
    """Whether this process already uses ``home`` and none of the operator's stores."""
    return tidings_home.resolve() == home and not any(environ.get(n) for n in OPERATOR_SETTINGS)


def demo_environment(environ: Mapping[str, str], home: Path) -> dict[str, str]:
    """``environ`` for a process of the demo: its own folder, none of the operator's stores."""
    env = {name: value for name, value in environ.items() if name not in OPERATOR_SETTINGS}
    return {**env, **DEMO_ENVIRONMENT, "TIDINGS_HOME": str(home)}
