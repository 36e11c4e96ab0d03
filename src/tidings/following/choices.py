"""Each reader's choices: the daily digest on or off, and the secret address of their
"For you" feed, which they can make, and revoke by making a new one or none."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User

from tidings.following.models import ReaderChoices

FEED_TOKEN_BYTES = 24


def choices_of(reader: User) -> ReaderChoices:
    found, _ = ReaderChoices.objects.get_or_create(reader=reader)
    return found


def feed_token_of(reader: User) -> str:
    """The reader's feed token, or "" while they have none."""
    row = ReaderChoices.objects.filter(reader=reader).only("feed_token").first()
    return row.feed_token if row else ""


def new_feed_token(reader: User) -> str:
    """A new secret for the reader's feed address; the one before stops working."""
    token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    ReaderChoices.objects.update_or_create(reader=reader, defaults={"feed_token": token})
    return token


def revoke_feed_token(reader: User) -> None:
    ReaderChoices.objects.filter(reader=reader).update(feed_token="")


def reader_of_feed_token(token: str) -> User | None:
    """The active reader whose feed address holds ``token``, or None."""
    if not token:
        return None
    row = (
        ReaderChoices.objects.filter(feed_token=token, reader__is_active=True)
        .select_related("reader")
        .first()
    )
    return row.reader if row else None


def set_daily_digest(reader: User, wanted: bool) -> None:
    ReaderChoices.objects.update_or_create(reader=reader, defaults={"daily_digest": wanted})
