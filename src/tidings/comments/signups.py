"""Sign-up that tells no one but an address's holder whether a name or address is taken.

Every valid sign-up form gets the same answer, "check your mail", after about the same
work: the password is hashed and one mail is queued, whatever is taken. What differs goes
to the address given, where only its holder reads it:

1. the address belongs to an account: someone tried to sign up with it; log in or reset
   the password;
2. the username is taken: choose another;
3. otherwise a link that makes the account when opened, within ``PENDING_FOR``.

The account is made only then, so an address typed wrong, or someone else's, reserves
nothing, and no account has an address its holder did not confirm. Display names are
shown beside comments, so the form may say at once that one is taken.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core import signing
from django.utils import timezone

from tidings.comments import tasks
from tidings.comments.account_mail import PENDING_FOR, SIGNUP_SALT
from tidings.comments.accounts import create_account, taken
from tidings.comments.models import PendingSignup


def request_signup(*, username: str, display_name: str, email: str, password: str) -> None:
    """Queue the one mail this sign-up gets (see the module docstring); the form checked
    every field whose answer may be shown to anyone."""
    password_hash = make_password(password)
    PendingSignup.objects.filter(created_at__lt=timezone.now() - PENDING_FOR).delete()
    if taken(email=email):
        tasks.send_address_taken(email)
    elif taken(username=username):
        tasks.send_username_taken(email, username)
    else:
        pending = PendingSignup.objects.create(
            username=username, display_name=display_name, email=email, password=password_hash
        )
        tasks.send_signup_link(pending.pk)


def pending_signup(token: str) -> PendingSignup | None:
    """The sign-up a mailed link names, or None when the link is forged, too old or used."""
    try:
        pending_id = signing.loads(token, salt=SIGNUP_SALT, max_age=PENDING_FOR)
    except signing.BadSignature:
        return None
    return PendingSignup.objects.filter(pk=pending_id).first()


def confirm_signup(pending: PendingSignup) -> User:
    """Make the account a sign-up asked for; its link then stops working. Raises
    ``AccountTaken`` when a name or the address went to another account meanwhile: the one
    who opened the link holds the address, so saying which is safe."""
    try:
        return create_account(
            username=pending.username,
            display_name=pending.display_name,
            email=pending.email,
            password_hash=pending.password,
        )
    finally:
        pending.delete()
