"""Settings from the environment, parsed to their types and checked at start-up.

Every setting tidings reads is listed in ``SETTINGS`` so that the README's table can be
checked against it by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from tidings.fetch.addresses import PrivateNetworks, parse_private_networks


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
        "redis://host:6379/0 moves the task queue and rate-limit counts to Redis, "
        "for many workers.",
    ),
    Setting(
        "TIDINGS_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the site answers to.",
    ),
    Setting(
        "TIDINGS_BASE_URL",
        "http://127.0.0.1:8000",
        "Public address of the site, used in feeds and the API. https:// also redirects "
        "plain HTTP to HTTPS (but /healthz and /readyz), sends HSTS and makes cookies Secure.",
    ),
    Setting(
        "TIDINGS_HSTS_SECONDS",
        "31536000 with https, else 0",
        "How long browsers must use HTTPS only (Strict-Transport-Security); 0 sends none.",
    ),
    Setting("TIDINGS_DEBUG", "0", "1 shows Django's debug pages. Never on a public site."),
    Setting(
        "TIDINGS_SECRET_KEY", "generated in TIDINGS_HOME", "Overrides the generated secret key."
    ),
    Setting(
        "TIDINGS_ALLOW_PRIVATE_NETWORKS",
        "0",
        "Non-public networks feeds, pages and images may be fetched from: comma-separated "
        "ranges, addresses or host names, or 1 for loopback and private ranges (tests, demo). "
        "Link-local and cloud metadata addresses only when an entry lies inside them.",
    ),
    Setting(
        "TIDINGS_OFFLINE",
        "0",
        "1 fetches nothing but this machine; other hosts fail at once (the demo).",
    ),
    Setting(
        "TIDINGS_DEMO_PUBLISHED",
        "(unset)",
        "Set by `tidings demo` only: FIRST/LAST days (2004-11-15/2014-03-12) its articles "
        "were published; every page then says their dates were shifted to today.",
    ),
    Setting("TIDINGS_FETCH_INTERVAL", "1800", "Seconds between two fetches of a healthy feed."),
    Setting("TIDINGS_FETCH_TIMEOUT", "15", "Seconds to wait for a feed or page to answer."),
    Setting(
        "TIDINGS_REFRESH_SECONDS",
        "300",
        "Most seconds one feed's refresh spends on its pages; the entries left wait for the "
        "next fetch.",
    ),
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
    Setting(
        "TIDINGS_VECTOR_INDEX",
        "embedded",
        "Related articles' vector index: embedded (in each process, files in TIDINGS_HOME; "
        "one machine) or pgvector (PostgreSQL, any number of machines).",
    ),
    Setting(
        "TIDINGS_VECTOR_DATABASE_URL",
        "DATABASE_URL when PostgreSQL",
        "postgres://user:pass@host:5432/name of the pgvector index, which needs the vector "
        "extension, 0.7 or later (halfvec).",
    ),
    Setting(
        "TIDINGS_RATE_COMMENTS",
        "5/60,30/3600",
        "Comments one account may post: COUNT/SECONDS limits, comma-separated; off for none.",
    ),
    Setting(
        "TIDINGS_RATE_COMMENTS_IP",
        "10/60,60/3600",
        "Comments posted from one address, all accounts together.",
    ),
    Setting("TIDINGS_RATE_ACCOUNTS_IP", "5/3600,20/86400", "Signup attempts from one address."),
    Setting(
        "TIDINGS_RATE_LOGIN_IP",
        "10/300,100/86400",
        "Login and password-reset attempts from one address.",
    ),
    Setting(
        "TIDINGS_RATE_LOGIN_ACCOUNT",
        "10/300,50/86400",
        "Login and password-reset attempts on one account (the username or e-mail address "
        "typed), from all addresses together.",
    ),
    Setting("TIDINGS_RATE_REPORTS", "10/600,50/86400", "Comment reports one account may send."),
    Setting(
        "TIDINGS_RATE_QUESTIONS",
        "5/60,50/86400",
        "Questions one account may ask the AI panel.",
    ),
    Setting(
        "TIDINGS_RATE_QUESTIONS_IP",
        "10/60,100/86400",
        "Questions asked from one address, all accounts and anonymous readers together.",
    ),
    Setting("TIDINGS_QUESTIONS_ANONYMOUS", "1", "0 lets only logged-in readers ask the AI panel."),
    Setting(
        "TIDINGS_LLM_URL",
        "(unset)",
        "Base address of an OpenAI-compatible chat API (http://host:8080/v1) to phrase the "
        "AI panel's summaries and answers; unset, they are the articles' own sentences.",
    ),
    Setting("TIDINGS_LLM_MODEL", "(unset)", "Model name sent to TIDINGS_LLM_URL."),
    Setting("TIDINGS_LLM_API_KEY", "(unset)", "Bearer token for TIDINGS_LLM_URL, if it needs one."),
    Setting("TIDINGS_LLM_TIMEOUT", "20", "Seconds to wait for TIDINGS_LLM_URL to answer."),
    Setting(
        "TIDINGS_TRUSTED_PROXIES",
        "0",
        "Reverse proxies in front of tidings that add the client to X-Forwarded-For "
        "(and X-Forwarded-Proto: https when they end TLS); 0 trusts only the connection.",
    ),
    Setting(
        "TIDINGS_EMAIL_URL",
        "file (TIDINGS_HOME/mail)",
        "Where mail goes: file:///folder, console:, or smtp://user:pass@host:587?tls=1 "
        "(ssl=1 for port 465).",
    ),
    Setting(
        "TIDINGS_EMAIL_FROM",
        "tidings@localhost",
        "Sender of account mail: sign-up links, password resets.",
    ),
    Setting(
        "TIDINGS_METRICS_TOKEN",
        "(unset)",
        "Bearer token that opens /metrics to other machines; unset, it answers only this "
        "machine (127.0.0.1).",
    ),
    Setting(
        "TIDINGS_LOG_FORMAT",
        "plain",
        "plain (lines for people) or json (one JSON object a line: time, level, logger, "
        "message, and the request's method, path, status and duration where there is one).",
    ),
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


def env_date_range(name: str) -> tuple[date, date] | None:
    """``FIRST/LAST`` as two ISO dates in order, or None when unset."""
    raw = env_str(name)
    if not raw:
        return None
    first, slash, last = raw.partition("/")
    try:
        days = (date.fromisoformat(first), date.fromisoformat(last))
    except ValueError:
        days = None
    if not slash or days is None or days[0] > days[1]:
        raise ConfigError(f"{name}={raw!r} is not FIRST/LAST, as 2004-11-15/2014-03-12.")
    return days


def env_private_networks(name: str) -> PrivateNetworks:
    """The private networks fetches may reach (see ``tidings.fetch.addresses``)."""
    try:
        return parse_private_networks(env_str(name))
    except ValueError as error:
        raise ConfigError(str(error)) from None


class Rate(NamedTuple):
    """At most ``limit`` hits in any ``seconds``-long window."""

    limit: int
    seconds: int


RATE_EXAMPLE = "such as 5/60,30/3600 (5 a minute and 30 an hour), or off"
LONGEST_RATE_WINDOW = 7 * 86400


def parse_rates(name: str, text: str) -> tuple[Rate, ...]:
    """``"5/60,30/3600"`` as rates, ``"off"`` as none; anything else is refused in words."""
    text = text.strip().lower()
    if text == "off":
        return ()
    rates: list[Rate] = []
    for part in text.split(","):
        count, slash, seconds = part.strip().partition("/")
        if not (slash and count.strip().isdigit() and seconds.strip().isdigit()):
            raise ConfigError(
                f"{name}={text!r}: {part.strip()!r} is not COUNT/SECONDS; "
                f"give limits {RATE_EXAMPLE}."
            )
        rate = Rate(int(count), int(seconds))
        if rate.limit < 1 or not 1 <= rate.seconds <= LONGEST_RATE_WINDOW:
            raise ConfigError(
                f"{name}={text!r}: each limit needs a count of at least 1 and a window of "
                f"1 to {LONGEST_RATE_WINDOW} seconds."
            )
        if any(other.seconds == rate.seconds for other in rates):
            raise ConfigError(f"{name}={text!r} gives the {rate.seconds}-second window twice.")
        rates.append(rate)
    return tuple(rates)


def env_rates(name: str, default: str) -> tuple[Rate, ...]:
    return parse_rates(name, env_str(name) or default)
