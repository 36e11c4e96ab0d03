"""Reader accounts: making and deleting them, their display names, and their standing.

A suspended account cannot post, edit or report until its suspension ends, a banned one
never again; ``posting_block`` says so in words, and every writing step asks it first.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from tidings.comments.models import ModerationAction, Profile
from tidings.comments.refusals import CommentError, NotAllowed
from tidings.comments.threads import DELETED, Viewer

MAX_DISPLAY_NAME = Profile._meta.get_field("display_name").max_length


class AccountTaken(CommentError):
    """A login name, display name or e-mail address another account already has."""


def display_name(user: User | None) -> str:
    if user is None:
        return DELETED
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()


def taken(*, username: str = "", display_name: str = "", email: str = "") -> str:
    """Which of these another account already has, whatever the case, in words; empty when
    none. Display names are public, so saying one is taken tells nothing; a login name or
    an address is said to be taken only to whoever holds the address (see ``signups``)."""
    if email and User.objects.filter(email__iexact=email).exists():
        return "An account with that e-mail address already exists."
    if username and User.objects.filter(username__iexact=username).exists():
        return "That username is taken."
    if display_name and Profile.objects.filter(display_name__iexact=display_name).exists():
        return "That display name is taken; choose another."
    return ""


def create_account(*, username: str, display_name: str, email: str, password_hash: str) -> User:
    """A new reader account with its profile, from a password hashed already (the form
    checked the password itself). Names and addresses are unique whatever their case: the
    database holds that, and a clash is refused in words."""
    if clash := taken(username=username, display_name=display_name, email=email):
        raise AccountTaken(clash)
    try:
        with transaction.atomic():
            user = User.objects.create(username=username, email=email, password=password_hash)
            Profile.objects.create(user=user, display_name=display_name)
    except IntegrityError:
        # Another sign-up took a name or the address since the check above.
        raise AccountTaken(
            taken(username=username, display_name=display_name, email=email)
            or "That name or address was taken a moment ago."
        ) from None
    return user


def free_display_name(wanted: str) -> str:
    """``wanted``, or with the first number that no other profile has ("Ada 2")."""
    name, number = wanted, 1
    while Profile.objects.filter(display_name__iexact=name).exists():
        number += 1
        suffix = f" {number}"
        name = wanted[: MAX_DISPLAY_NAME - len(suffix)] + suffix
    return name


def delete_account(user: User) -> None:
    """Delete ``user``; their comments stay, with no author, and show as "[deleted]"."""
    user.delete()


def profile_of(user: Viewer | None) -> Profile | None:
    """The reader's profile; accounts made outside signup (``createsuperuser``) have none."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "profile", None)


def is_suspended(user: Viewer) -> bool:
    profile = profile_of(user)
    return bool(profile and profile.suspended_until and profile.suspended_until > timezone.now())


def is_banned(user: Viewer) -> bool:
    profile = profile_of(user)
    return bool(profile and profile.banned_at)


def human_time(moment: datetime) -> str:
    """A time as the pages write it for people, e.g. "3 May 2026, 14:00 UTC"."""
    return format_date(timezone.localtime(moment), "j F Y, H:i T")


def posting_block(user: Viewer) -> str:
    """Why ``user`` may not post, edit or report comments now, in words for them; empty
    when they may. The moderator's reason for the ban or suspension is shown with it."""
    profile = profile_of(user)
    if is_banned(user):
        state, action = "Your account is banned", ModerationAction.Action.BAN
    elif is_suspended(user):
        until = human_time(profile.suspended_until)
        state, action = f"Your account is suspended until {until}", ModerationAction.Action.SUSPEND
    else:
        return ""
    last = ModerationAction.objects.filter(user=user, action=action).first()
    why = f" The moderators' reason: {last.reason}" if last and last.reason else ""
    return f"{state}, so you cannot post, edit or report comments.{why}"


def refuse_blocked(user: Viewer) -> None:
    block = posting_block(user)
    if block:
        raise NotAllowed(block)


def standing(user: User) -> str:
    """An account's standing, for moderators: banned, suspended, or in good standing."""
    profile = profile_of(user)
    if profile and profile.banned_at:
        return f"Banned since {human_time(profile.banned_at)}"
    if is_suspended(user):
        return f"Suspended until {human_time(profile.suspended_until)}"
    return "In good standing"
