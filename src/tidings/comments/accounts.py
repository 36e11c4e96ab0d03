"""Reader accounts: making and deleting them, their display names, and their standing.

A suspended account cannot post, edit or report until its suspension ends, a banned one
never again; ``posting_block`` says so in words, and every writing step asks it first.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from tidings.comments.models import ModerationAction, Profile
from tidings.comments.refusals import NotAllowed
from tidings.comments.threads import DELETED, Viewer


def display_name(user: User | None) -> str:
    if user is None:
        return DELETED
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()


@transaction.atomic
def create_account(*, username: str, display_name: str, email: str, password: str) -> User:
    """A new reader account with its profile; the password was checked by the form."""
    user = User.objects.create_user(username=username, email=email, password=password)
    Profile.objects.create(user=user, display_name=display_name)
    return user


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
