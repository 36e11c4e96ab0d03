"""The mails about accounts, each built from ids and addresses alone: the worker sends them
(see ``tasks``), so no request waits on a mail server, and how long a request takes does
not tell whether a mail went out.

Links point at ``BASE_URL``, never at the Host header of whoever asked, so a forged header
cannot send a reader a reset link to another site.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tidings.comments.models import PendingSignup

# How long a sign-up link works.
PENDING_FOR = timedelta(days=2)
SIGNUP_SALT = "tidings.comments.signup"
TEMPLATES = "comments/accounts"


def signup_token(pending_id: int) -> str:
    """The signed, dated id in a sign-up link; ``signups.pending_signup`` reads it back."""
    return signing.dumps(pending_id, salt=SIGNUP_SALT)


def link(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def mail(to: str, subject: str, template: str, **context) -> None:
    context = {"site": settings.BASE_URL, **context}
    body = render_to_string(f"{TEMPLATES}/{template}", context)
    send_mail(subject, body, None, [to])


def mail_signup_link(pending_id: int) -> None:
    """The link that makes the account; nothing when the sign-up is gone (made or expired)."""
    pending = PendingSignup.objects.filter(pk=pending_id).first()
    if pending is None:
        return
    url = link(reverse("signup_confirm", args=[signup_token(pending.pk)]))
    days = PENDING_FOR.days
    mail(
        pending.email,
        "Finish signing up",
        "signup_link_email.txt",
        pending=pending,
        url=url,
        days=days,
    )


def mail_address_taken(email: str) -> None:
    """To the holder of an address someone tried to sign up with again."""
    urls = {"login_url": link(reverse("login")), "reset_url": link(reverse("password_reset"))}
    mail(
        email,
        "Someone tried to sign up with your address",
        "signup_address_taken_email.txt",
        **urls,
    )


def mail_username_taken(email: str, username: str) -> None:
    """To the address of a sign-up whose login name another account has: only the holder of
    the address learns it, so the sign-up page tells nobody which names exist."""
    url = link(reverse("signup"))
    mail(
        email,
        "Choose another username",
        "signup_username_taken_email.txt",
        username=username,
        url=url,
    )


def mail_password_reset(user_id: int) -> None:
    """A reset link for an active account with a password; nothing for any other."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    url = link(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    mail(user.email, "Reset your password", "password_reset_email.txt", user=user, url=url)
