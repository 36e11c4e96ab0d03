"""The daily e-mail digest a reader may ask for on their account page: the stories they
follow that had news in the last day, and the day's wrap-up when it was made. Sent by the
worker (``tasks``) on the site's mail settings (TIDINGS_EMAIL_URL); each mail carries a
signed link that turns the digest off without logging in."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tidings.ai.models import WrapUp
from tidings.following.models import ReaderChoices
from tidings.readers.services import followed_stories
from tidings.web.addresses import absolute

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "tidings.following.digest"
# Digests go out from this hour of the site's day on, so they wait in the morning's mail.
SEND_FROM_HOUR = 6
DIGEST_SPAN = timedelta(days=1)


def unsubscribe_token(reader: User) -> str:
    return signing.dumps(reader.pk, salt=UNSUBSCRIBE_SALT)


def reader_of_unsubscribe_token(token: str) -> User | None:
    try:
        reader_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=reader_id).first()


def unsubscribe_url(reader: User) -> str:
    return absolute(reverse("following:unsubscribe", args=[unsubscribe_token(reader)]))


def digest_context(reader: User, now: datetime) -> dict | None:
    """What the digest sent at ``now`` tells ``reader``: the followed stories with news in
    the day before, and yesterday's wrap-up if it was made; None when it would tell nothing."""
    day = timezone.localdate(now)
    since = now - DIGEST_SPAN
    stories = [
        {
            "title": story.title,
            "url": absolute(story.get_absolute_url()),
            "count": story.article_count,
        }
        for story in followed_stories(reader)
        .filter(merged_into__isnull=True, last_published__gte=since)
        .order_by("-last_published", "-id")
    ]
    wrap_up = WrapUp.objects.filter(date=day - timedelta(days=1)).first()
    wrap_up_stories = [
        {**told, "page_url": absolute(told["page_url"])}
        for told in (wrap_up.payload["stories"] if wrap_up else [])
    ]
    if not stories and not wrap_up_stories:
        return None
    return {
        "reader": reader,
        "stories": stories,
        "wrap_up_day": day - timedelta(days=1),
        "wrap_up_stories": wrap_up_stories,
        "unsubscribe_url": unsubscribe_url(reader),
        "account_url": absolute(reverse("account")),
        "site": settings.BASE_URL,
    }


def send_digest(reader: User, now: datetime) -> bool:
    """Mail the reader their digest; False when there was nothing to tell."""
    context = digest_context(reader, now)
    if context is None:
        return False
    body = render_to_string("following/digest_email.txt", context)
    message = EmailMessage(
        subject=f"Your tidings of {timezone.localdate(now):%-d %B %Y}",
        body=body,
        to=[reader.email],
        # Mail programs show their own "unsubscribe" button from these (RFC 2369, 8058).
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    return True


def send_due_digests(now: datetime | None = None) -> int:
    """Send today's digest to each reader who asked for it and has not had it: once a day,
    from SEND_FROM_HOUR on. A conditional UPDATE claims each reader's digest first, so two
    workers never both send it; a mail that fails gives the claim back for the next run."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < SEND_FROM_HOUR:
        return 0
    today = now.date()
    due = (
        ReaderChoices.objects.filter(daily_digest=True, reader__is_active=True)
        .exclude(reader__email="")
        .exclude(digest_sent_on=today)
        .select_related("reader")
    )
    sent = 0
    for choices in due:
        before = choices.digest_sent_on
        claimed = ReaderChoices.objects.filter(pk=choices.pk, digest_sent_on=before).update(
            digest_sent_on=today
        )
        if not claimed:
            continue
        try:
            sent += send_digest(choices.reader, now)
        except OSError:
            log.exception("the digest of reader %s could not be sent", choices.reader_id)
            ReaderChoices.objects.filter(pk=choices.pk).update(digest_sent_on=before)
    return sent
