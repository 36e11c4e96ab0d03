"""Rate limits: how often one account, or one client address, may do an action.

Three layers, read top to bottom:

1. The pure core. ``wait_for`` takes a rate, the time and two counts and says how long
   to wait (0: go ahead). It is a *sliding-window counter*: the hits of the current fixed
   window plus the previous window's hits weighted by how much of it still overlaps the
   last ``seconds``. Unlike plain fixed windows, that allows no double burst across a
   window boundary, and it needs only two counters per rate.
2. The stores, which count across every web process and worker: ``DatabaseStore`` (the
   RateCounter table, one upsert for all counters of a request) or ``RedisStore`` (INCR and
   EXPIRE in one pipelined round trip) when Redis is configured. While Redis does not
   answer, the database counts (``count``): limits stay on, with one warning a minute.
3. The web edge: ``limit(request, action)`` counts an attempt and answers the seconds to
   wait; ``limited(action)`` wraps a view so that a limited POST gets HTTP 429 with a
   ``Retry-After`` header and a plain page.

Every attempt counts, refused ones too: a client that keeps hammering stays out, while
one that waits as long as ``Retry-After`` says gets through.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tidings.comments.models import RateCounter
from tidings.config import Rate
from tidings.outages import Outage

# What each action is called in the message a limited reader sees.
ACTIONS = {
    "comment": "comments",
    "signup": "sign-ups",
    "login": "log-in and password-reset attempts",
    "report": "reports",
    "question": "questions",
}
# One request in this many also deletes the database's expired counters.
PRUNE_EVERY = 200
REDIS_PREFIX = "tidings:rate:"
# A Redis that stopped answering is asked again this often; meanwhile the database counts,
# so no request waits on a dead connection more than once per interval and process.
REDIS_RETRY_SECONDS = 30
# Connecting to, or waiting on, a Redis that is up takes milliseconds.
REDIS_TIMEOUT_SECONDS = 2


# 1. The pure core.


@dataclass(frozen=True)
class Slot:
    """The counter of one key (action, whom, window length) in the window holding now."""

    key: str
    seconds: int
    start: int

    @property
    def previous_start(self) -> int:
        return self.start - self.seconds


def slot(key: str, rate: Rate, now: float) -> Slot:
    seconds = rate.seconds
    return Slot(f"{key}:{seconds}", seconds, int(now // seconds) * seconds)


def wait_for(rate: Rate, now: float, current: int, previous: int) -> float:
    """Seconds until one more attempt is allowed, or 0 when this one is.

    ``current`` counts the hits of the window holding ``now``, this attempt included;
    ``previous`` those of the window before it. The estimate of hits in the last
    ``rate.seconds`` is ``previous * (share of the previous window still inside them) +
    current``. When that is over the limit, the wait is until the estimate plus one more
    attempt fits again, with no other attempt in between:

    - if one more fits in this window's own count, wait for the previous window's weight
      to shrink enough;
    - else wait into the next window, where this window becomes the previous one.
    """
    window = rate.seconds
    start = now // window * window
    elapsed = now - start
    if previous * (1 - elapsed / window) + current <= rate.limit:
        return 0.0
    if current + 1 <= rate.limit:
        # previous > 0 here, or the estimate would be current and within the limit.
        needed = window * (1 - (rate.limit - current - 1) / previous)
        return max(needed - elapsed, 0.0)
    needed = window * (1 - (rate.limit - 1) / current)
    return window - elapsed + needed


def retry_after(waits: Sequence[float]) -> int:
    """Whole seconds to wait for every rate to allow another attempt; 0 means go ahead."""
    longest = max(waits, default=0.0)
    return max(math.ceil(longest), 1) if longest > 0 else 0


def in_words(seconds: int) -> str:
    if seconds < 60:
        amount, unit = seconds, "second"
    elif seconds < 3600:
        amount, unit = math.ceil(seconds / 60), "minute"
    else:
        amount, unit = math.ceil(seconds / 3600), "hour"
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


def message(action: str, seconds: int) -> str:
    return f"Too many {ACTIONS[action]} in a short time. Please try again in {in_words(seconds)}."


def client_address(meta: dict, trusted_proxies: int) -> str:
    """Who a request counts against: its client's address.

    With no trusted proxies that is the connection's address (``REMOTE_ADDR``); anything
    in X-Forwarded-For could be written by the client. Behind ``trusted_proxies`` reverse
    proxies that each append the address they were reached from, the client is the
    ``trusted_proxies``-th entry from the right; entries left of it are the client's own
    claims. An IPv6 client counts as its /64 network, since one host usually holds a
    whole /64 and could otherwise take a fresh address per request.
    """
    raw = meta.get("REMOTE_ADDR", "")
    if trusted_proxies:
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            raw = hops[-trusted_proxies] if len(hops) >= trusted_proxies else hops[0]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


# 2. The stores.


class Store(Protocol):
    def hit(self, slots: Sequence[Slot]) -> list[tuple[int, int]]:
        """Count one hit in each slot; each slot's (current, previous) counts, in order."""
        ...


class DatabaseStore:
    """Counters as RateCounter rows: one upsert counts every slot of a request atomically
    on SQLite and PostgreSQL alike (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``), so
    concurrent requests never lose a hit."""

    def hit(self, slots: Sequence[Slot]) -> list[tuple[int, int]]:
        now = time.time()
        current = self._increment(slots)
        previous = self._read([(s.key, s.previous_start) for s in slots])
        if random.randrange(PRUNE_EVERY) == 0:
            prune(now)
        return [
            (current[(s.key, s.start)], previous.get((s.key, s.previous_start), 0)) for s in slots
        ]

    @staticmethod
    def _increment(slots: Sequence[Slot]) -> dict[tuple[str, int], int]:
        quote = connection.ops.quote_name
        meta = RateCounter._meta
        table = quote(meta.db_table)
        key, start, hits = (
            quote(meta.get_field(f).column) for f in ("key", "window_start", "hits")
        )
        # Rows in one order in every request, so two PostgreSQL upserts never wait on
        # each other's rows crosswise (a deadlock).
        rows = sorted({(s.key, s.start) for s in slots})
        values = ", ".join(["(%s, %s, 1)"] * len(rows))
        sql = (
            f"INSERT INTO {table} ({key}, {start}, {hits}) VALUES {values} "
            f"ON CONFLICT ({key}, {start}) DO UPDATE SET {hits} = {table}.{hits} + 1 "
            f"RETURNING {key}, {start}, {hits}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [part for row in rows for part in row])
            return {(row[0], row[1]): row[2] for row in cursor.fetchall()}

    @staticmethod
    def _read(keys: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
        wanted = Q()
        for key, start in keys:
            wanted |= Q(key=key, window_start=start)
        rows = RateCounter.objects.filter(wanted).values_list("key", "window_start", "hits")
        return {(key, start): hits for key, start, hits in rows}


def prune(now: float) -> int:
    """Delete counters no configured rate can still read; how many went."""
    longest = max(
        (
            rate.seconds
            for whom in settings.TIDINGS["RATE_LIMITS"].values()
            for rates in whom.values()
            for rate in rates
        ),
        default=0,
    )
    deleted, _ = RateCounter.objects.filter(window_start__lt=now - 2 * longest).delete()
    return deleted


class RedisStore:
    """Counters in Redis: per slot, INCR the current window, EXPIRE it once the next window
    no longer needs it, and GET the previous window, all in one pipelined round trip."""

    def __init__(self, client: redis.Redis, prefix: str = REDIS_PREFIX) -> None:
        self.client = client
        self.prefix = prefix

    def hit(self, slots: Sequence[Slot]) -> list[tuple[int, int]]:
        pipe = self.client.pipeline(transaction=False)
        for each in slots:
            name = f"{self.prefix}{each.key}:{each.start}"
            pipe.incr(name)
            pipe.expire(name, 2 * each.seconds)
            pipe.get(f"{self.prefix}{each.key}:{each.previous_start}")
        replies = pipe.execute()
        return [(int(replies[i]), int(replies[i + 2] or 0)) for i in range(0, len(replies), 3)]


@functools.cache
def redis_store(url: str) -> RedisStore:
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    return RedisStore(client)


@functools.cache
def redis_outage(url: str) -> Outage:
    # Named without the URL, which may hold a password.
    return Outage("Redis for rate limits", retry_every=REDIS_RETRY_SECONDS)


def count(slots: Sequence[Slot]) -> list[tuple[int, int]]:
    """Count one hit in each slot, in Redis when it is configured and answers, else in the
    database. Counts split between the two during an outage, which only makes the limits
    looser for a window or two: better than refusing every sign-up and log-in."""
    url = settings.TIDINGS["RATE_LIMIT_REDIS_URL"]
    if url and (outage := redis_outage(url)).retry_due():
        try:
            counts = redis_store(url).hit(slots)
        except redis.RedisError as error:
            outage.failed(error, "counting rate limits in the database meanwhile")
        else:
            outage.recovered()
            return counts
    return DatabaseStore().hit(slots)


# 3. The web edge.


def check(action: str, *, account_id: int | None, address: str, now: float) -> int:
    """Count one attempt at ``action`` by ``account_id`` (None: anonymous) from
    ``address``; the whole seconds to wait, or 0 when it may go ahead."""
    if action not in ACTIONS:
        raise ValueError(f"{action!r} is not a rate-limited action; use one of {list(ACTIONS)}.")
    limits = settings.TIDINGS["RATE_LIMITS"].get(action, {})
    whom = {"address": address}
    if account_id is not None:
        whom["account"] = str(account_id)
    counted = [
        (rate, slot(f"{action}:{scope}:{whom[scope]}", rate, now))
        for scope, rates in limits.items()
        if scope in whom
        for rate in rates
    ]
    if not counted:
        return 0
    counts = count([each for _rate, each in counted])
    waits = [
        wait_for(rate, now, current, previous)
        for (rate, _slot), (current, previous) in zip(counted, counts, strict=True)
    ]
    return retry_after(waits)


def limit(request: HttpRequest, action: str, *, user=None) -> int:
    """Count this request as an attempt at ``action`` by ``user`` (the session's user by
    default; the API passes its token's) and its client address; the whole seconds to
    wait, or 0 when it may go ahead."""
    user = user if user is not None else request.user
    return check(
        action,
        account_id=user.pk if user.is_authenticated else None,
        address=client_address(request.META, settings.TIDINGS["TRUSTED_PROXIES"]),
        now=time.time(),
    )


def too_many(request: HttpRequest, action: str, seconds: int) -> HttpResponse:
    """HTTP 429 with ``Retry-After`` and the reason in words on a plain page. (The comment
    forms, which htmx drives, answer htmx with their section and the message instead.)"""
    context = {"rate_message": message(action, seconds)}
    response = render(request, "comments/rate_limited.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def limited(action: str) -> Callable:
    """Decorate a view so that its POSTs count towards ``action``'s limits."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST" and (seconds := limit(request, action)):
                return too_many(request, action, seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
