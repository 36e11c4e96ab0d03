"""Where tidings keeps and finds things: its home folder and secret key, its databases,
where its mail goes, and its public address. Each turns one setting's raw text into what
Django's settings need, refusing nonsense with a ``ConfigError``."""

from __future__ import annotations

import os
import secrets
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from tidings.config import ConfigError, env_str


def base_url(raw: str) -> str:
    """The site's public address without a trailing slash; http:// or https:// only."""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(
            f"TIDINGS_BASE_URL={raw!r} is not an address like https://news.example.org."
        )
    return raw.rstrip("/")


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``: what browsers send as Origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def email_from_url(url: str, home: Path) -> dict:
    """Django's e-mail settings for a ``TIDINGS_EMAIL_URL``: files under ``home/mail`` when
    empty, ``file:///folder``, ``console:``, or ``smtp://user:pass@host:port`` with
    ``?tls=1`` (STARTTLS) or ``?ssl=1`` (TLS from the first byte) and ``timeout=SECONDS``."""
    files = "django.core.mail.backends.filebased.EmailBackend"
    if not url:
        return {"EMAIL_BACKEND": files, "EMAIL_FILE_PATH": str(home / "mail")}
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/"):
            raise ConfigError(f"TIDINGS_EMAIL_URL={url!r}: write a folder as file:///path.")
        return {"EMAIL_BACKEND": files, "EMAIL_FILE_PATH": path}
    if parts.scheme != "smtp":
        raise ConfigError(
            f"TIDINGS_EMAIL_URL scheme {parts.scheme!r} is not supported; "
            "use smtp://, file:/// or console:."
        )
    if not parts.hostname:
        raise ConfigError(f"TIDINGS_EMAIL_URL={url!r} needs a host: smtp://host:587?tls=1.")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"tls", "ssl", "timeout"}
    if unknown:
        raise ConfigError(
            f"TIDINGS_EMAIL_URL option {', '.join(sorted(unknown))} is not known; "
            "use tls=1, ssl=1 or timeout=SECONDS."
        )
    flags = {}
    for option in ("tls", "ssl"):
        value = options.get(option, "0")
        if value not in {"0", "1"}:
            raise ConfigError(f"TIDINGS_EMAIL_URL option {option}={value!r} must be 1 or 0.")
        flags[option] = value == "1"
    if flags["tls"] and flags["ssl"]:
        raise ConfigError("TIDINGS_EMAIL_URL takes tls=1 (STARTTLS) or ssl=1, not both.")
    timeout = options.get("timeout", "30")
    if not timeout.isdigit() or int(timeout) < 1:
        raise ConfigError(f"TIDINGS_EMAIL_URL option timeout={timeout!r} is not whole seconds.")
    try:
        port = parts.port or (465 if flags["ssl"] else 587 if flags["tls"] else 25)
    except ValueError:
        raise ConfigError(f"TIDINGS_EMAIL_URL={url!r} has a port that is not a number.") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": flags["tls"],
        "EMAIL_USE_SSL": flags["ssl"],
        "EMAIL_TIMEOUT": int(timeout),
    }


def email_sender(raw: str) -> str:
    """The From address, plain or with a name (``News <news@example.org>``)."""
    _name, address = parseaddr(raw)
    local, at, domain = address.partition("@")
    if not (local and at and domain) or " " in address:
        raise ConfigError(f"TIDINGS_EMAIL_FROM={raw!r} is not an e-mail address.")
    return raw


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


def vector_database_url(index: str, vector_url: str, database_url: str) -> str:
    """Where the pgvector index lives: its own setting, else the main database when that is
    PostgreSQL; empty for the embedded index."""
    if index != "pgvector":
        return ""
    url = vector_url or database_url
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            "TIDINGS_VECTOR_INDEX=pgvector needs PostgreSQL: set TIDINGS_VECTOR_DATABASE_URL "
            "(or DATABASE_URL) to postgres://user:pass@host:5432/name."
        )
    return url


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
