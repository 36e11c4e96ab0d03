"""Personal API tokens: made and revoked on the account page, sent as ``Bearer`` to the API.

Only a token's SHA-256 is stored, so a copy of the database lets no one post as anyone;
the token itself is shown once, when it is made. Tokens start with ``tid_`` so that
secret scanners and people can tell what one is.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from tidings.comments.models import ApiToken

PREFIX = "tid_"
MAX_TOKENS = 20  # per account: enough for every device and script one reader runs
# Recording every use would write to the database on every API call.
TOUCH_EVERY = timedelta(minutes=1)


class TokenError(Exception):
    """A token request the rules refuse, in words fit to show the reader."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: its row, and the token itself, which is never kept."""
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS:
        raise TokenError(f"An account can have at most {MAX_TOKENS} tokens; revoke one first.")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        digest=digest(token),
        prefix=token[: ApiToken._meta.get_field("prefix").max_length],
    )
    return row, token


def revoke_token(user: User, token_id: int) -> bool:
    """Delete ``user``'s token ``token_id``; False when they have no such token."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def user_for_token(token: str) -> User | None:
    """The active account ``token`` belongs to, or None; notes when it was last used."""
    if not token.startswith(PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_EVERY)
    ApiToken.objects.filter(stale, pk=row.pk).update(last_used_at=now)
    return row.user
