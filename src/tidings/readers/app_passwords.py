"""App passwords: what a reader's feed reader app signs in with, never the login password.

A password is made at random, shown once and kept only as a Django password hash (plus the
md5 digest the Fever API asks for). Signing in with one answers a token that names the app
password and carries a keyed hash of its stored hash: every API request is then checked
without running the slow password hasher again, and deleting the app password ends every
token made from it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from tidings.readers.models import AppPassword

MAX_LABEL = AppPassword._meta.get_field("label").max_length
# last_used is written at most this often per app password, not on every API call.
TOUCH_EVERY = timedelta(minutes=5)
TOKEN_SALT = "tidings.readers.app_passwords.token"


def fever_key(username: str, password: str) -> str:
    return hashlib.md5(f"{username}:{password}".encode()).hexdigest()


def create_app_password(reader: User, label: str) -> str:
    """Make an app password for ``reader`` and answer it; it cannot be shown again."""
    label = label.strip()
    if not label:
        raise ValueError("An app password needs a label, such as the app's name.")
    if len(label) > MAX_LABEL:
        raise ValueError(f"A label is at most {MAX_LABEL} characters.")
    password = secrets.token_urlsafe(24)
    AppPassword.objects.create(
        reader=reader,
        label=label,
        password_hash=make_password(password),
        fever_key=fever_key(reader.get_username(), password),
    )
    return password


def revoke_app_password(reader: User, app_password_id: int) -> bool:
    deleted, _ = AppPassword.objects.filter(reader=reader, id=app_password_id).delete()
    return deleted > 0


def sign_in(login: str, password: str) -> AppPassword | None:
    """The app password of the active account named ``login`` (its user name or e-mail
    address) that ``password`` is, or None.

    The md5 key finds the one row it can be (an index look-up), and only that row's hash
    is checked with the slow hasher: a wrong password costs no hashing, and a reader with
    many app passwords signs in as fast as one with one. An app password made before its
    account's user name changed no longer signs in (Fever's key holds the old name)."""
    if not login or not password:
        return None
    readers = User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
    for reader in readers.filter(is_active=True):
        key = fever_key(reader.get_username(), password)
        app_password = AppPassword.objects.filter(reader=reader, fever_key=key).first()
        if app_password is not None and check_password(password, app_password.password_hash):
            app_password.reader = reader
            touch(app_password)
            return app_password
    return None


def sign_in_fever(api_key: str) -> AppPassword | None:
    if not api_key:
        return None
    app_password = (
        AppPassword.objects.filter(fever_key=api_key.strip().lower(), reader__is_active=True)
        .select_related("reader")
        .first()
    )
    if app_password is not None:
        touch(app_password)
    return app_password


def sign_in_quickly(username: str, password: str) -> AppPassword | None:
    """For APIs that send the password with every request (HTTP Basic): the md5 key is
    looked up by index instead of running the slow hasher each time. The user name must
    be the account's as it was when the app password was made."""
    return sign_in_fever(fever_key(username, password)) if username and password else None


def _signature(app_password: AppPassword) -> str:
    return salted_hmac(TOKEN_SALT, f"{app_password.id}:{app_password.password_hash}").hexdigest()


def token_for(app_password: AppPassword) -> str:
    return f"{app_password.reader.get_username()}/{app_password.id}-{_signature(app_password)}"


def app_password_for_token(token: str) -> AppPassword | None:
    """The app password a token was made from, while it exists and its account is active."""
    _, _, rest = token.strip().rpartition("/")
    identifier, _, signature = rest.partition("-")
    if not identifier.isdigit() or not signature:
        return None
    app_password = (
        AppPassword.objects.filter(id=int(identifier), reader__is_active=True)
        .select_related("reader")
        .first()
    )
    if app_password is None or not constant_time_compare(signature, _signature(app_password)):
        return None
    touch(app_password)
    return app_password


def touch(app_password: AppPassword) -> None:
    now = timezone.now()
    if app_password.last_used is None or now - app_password.last_used > TOUCH_EVERY:
        AppPassword.objects.filter(id=app_password.id).update(last_used=now)
        app_password.last_used = now
