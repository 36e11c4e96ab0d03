"""Settings from the environment, parsed to their types and checked at start-up.

Every setting tidings reads is listed in ``SETTINGS`` so that the README's table can be
checked against it by a test.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(ValueError):
    """A setting in the environment that cannot be used as it stands."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS = [
    Setting(
        "TIDINGS_HOME",
        "~/.local/share/tidings",
        "Folder for the SQLite database, the queue, media and the secret key.",
    ),
    Setting(
        "DATABASE_URL",
        "sqlite in TIDINGS_HOME",
        "postgres://user:pass@host:5432/name switches to PostgreSQL.",
    ),
    Setting(
        "REDIS_URL",
        "(unset)",
        "redis://host:6379/0 moves the task queue to Redis, for many workers.",
    ),
    Setting(
        "TIDINGS_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the site answers to.",
    ),
    Setting(
        "TIDINGS_BASE_URL",
        "http://127.0.0.1:8000",
        "Public address of the site, used in feeds and the API.",
    ),
    Setting("TIDINGS_DEBUG", "0", "1 shows Django's debug pages. Never on a public site."),
    Setting(
        "TIDINGS_SECRET_KEY", "generated in TIDINGS_HOME", "Overrides the generated secret key."
    ),
    Setting(
        "TIDINGS_ALLOW_PRIVATE_NETWORKS",
        "0",
        "1 lets feeds and pages on loopback and private addresses be fetched (tests, demo).",
    ),
    Setting(
        "TIDINGS_OFFLINE",
        "0",
        "1 fetches nothing but this machine; other hosts fail at once (the demo).",
    ),
    Setting("TIDINGS_FETCH_INTERVAL", "1800", "Seconds between two fetches of a healthy feed."),
    Setting("TIDINGS_FETCH_TIMEOUT", "15", "Seconds to wait for a feed or page to answer."),
    Setting(
        "TIDINGS_MAX_BYTES", "10000000", "Largest feed or page body accepted, after decompression."
    ),
    Setting("TIDINGS_HOST_CONCURRENCY", "2", "Requests in flight to one host at a time."),
    Setting(
        "TIDINGS_USER_AGENT",
        "tidings/VERSION (+TIDINGS_BASE_URL)",
        "User-Agent sent to publishers.",
    ),
    Setting(
        "TIDINGS_EMBEDDINGS",
        "auto",
        "Embeddings: model (MiniLM, ml extra), hashed (no model), or auto (model when installed).",
    ),
    Setting(
        "TIDINGS_HOLD_SPAM",
        "0.7",
        "Comments scoring at least this as spam (0 to 1) wait for review.",
    ),
    Setting(
        "TIDINGS_HOLD_TOXIC",
        "0.7",
        "Comments scoring at least this as toxic (0 to 1) wait for review.",
    ),
    Setting("TIDINGS_WORKERS", "2", "Worker threads of `tidings run` and `tidings worker`."),
]


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value; use 1 or 0.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} is below its minimum of {minimum}.")
    return value


def env_float(name: str, default: float, *, minimum: float, maximum: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number.") from None
    if not minimum <= value <= maximum:
        raise ConfigError(f"{name}={value} is outside {minimum} to {maximum}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default).lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of {', '.join(choices)}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


def tidings_home() -> Path:
    raw = env_str("TIDINGS_HOME")
    if raw:
        home = Path(raw).expanduser()
    else:
        data_home = env_str("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        home = Path(data_home) / "tidings"
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"TIDINGS_HOME {home} cannot be created: {error.strerror}.") from None
    return home.resolve()


def secret_key(home: Path) -> str:
    """The key from the environment, or one generated once and kept beside the database."""
    configured = env_str("TIDINGS_SECRET_KEY")
    if configured:
        return configured
    path = home / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_from_url(url: str, home: Path) -> dict:
    """A Django DATABASES entry for a ``DATABASE_URL``, or the default SQLite file."""
    if not url:
        return sqlite_database(home / "tidings.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ConfigError("DATABASE_URL=sqlite:///PATH needs a file path.")
        return sqlite_database(Path(path[1:] if path.startswith("//") else path))
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ConfigError(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported; use postgres:// or sqlite:///."
    )


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers go on while the worker writes; IMMEDIATE takes the write
            # lock at BEGIN so two writers queue up instead of failing on upgrade.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }
