"""The account page's following section, the private "For you" feed, and the daily digest."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tidings.ai.models import WrapUp
from tidings.following.choices import choices_of, new_feed_token
from tidings.following.digest import send_due_digests
from tidings.readers import services
from tidings.readers.app_passwords import sign_in
from tidings.readers.models import AppPassword
from tidings.web.tests.html import parse, text_of

MORNING = timezone.make_aware(datetime(2026, 3, 2, 8, 0))


def test_an_app_password_is_shown_once_and_revoked_from_the_account_page(signed_in, reader):
    response = signed_in.post("/accounts/profile/app-passwords/", {"label": "Phone"})

    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    password = parse(response).find("input", class_="token-value").attrs["value"]
    assert sign_in(reader.username, password) is not None
    account = text_of(signed_in.get("/accounts/profile/"))
    assert "Phone" in account and password not in account
    made = AppPassword.objects.get(reader=reader)
    signed_in.post(f"/accounts/profile/app-passwords/{made.pk}/revoke/")
    assert sign_in(reader.username, password) is None
    assert signed_in.post("/accounts/profile/app-passwords/", {"label": " "}).status_code == 400


def test_the_for_you_feed_answers_at_its_private_address_until_revoked(
    signed_in, reader, make_article
):
    article = make_article(title="Followed news")
    services.follow(reader, article.source)
    signed_in.post("/accounts/profile/feed-address/")
    token = choices_of(reader).feed_token
    assert token and token in text_of(signed_in.get("/accounts/profile/"))

    for fmt in ("", "atom/"):
        response = Client().get(f"/for-you/{token}/feed/{fmt}")
        assert response["Cache-Control"] == "private"
        feed = feedparser.parse(response.content)
        assert not feed.bozo and [entry.title for entry in feed.entries] == ["Followed news"]
    assert Client().get(f"/for-you/{token}/feed/json/").json()["items"][0]["title"] == article.title

    signed_in.post("/accounts/profile/feed-address/", {"action": "revoke"})
    assert Client().get(f"/for-you/{token}/feed/").status_code == 404
    assert new_feed_token(reader) != token


def test_the_for_you_page_names_its_feed_once_there_is_one(signed_in, reader):
    assert parse(signed_in.get("/for-you/")).find_all("link", rel="alternate") == []
    token = new_feed_token(reader)
    links = parse(signed_in.get("/for-you/")).find_all("link", rel="alternate")
    assert {link.attrs["href"] for link in links} == {
        f"/for-you/{token}/feed/",
        f"/for-you/{token}/feed/atom/",
        f"/for-you/{token}/feed/json/",
    }


@pytest.fixture
def digest_reader(reader, make_article, make_story):
    """A reader who asked for the digest and follows a story with news this morning."""
    story = make_story(
        make_article(title="Bridge reopens", published_at=MORNING - timedelta(hours=2))
    )
    services.follow(reader, story)
    choices = choices_of(reader)
    choices.daily_digest = True
    choices.save()
    return reader


def test_the_digest_goes_out_once_a_day_with_the_followed_stories(digest_reader, settings):
    WrapUp.objects.create(
        date=MORNING.date() - timedelta(days=1),
        payload={
            "date": "",
            "stories": [
                {
                    "title": "Storm",
                    "page_url": "/stories/9/",
                    "statements": [{"text": "A storm hit."}],
                }
            ],
        },
        final=True,
    )

    assert send_due_digests(MORNING.replace(hour=3)) == 0  # too early in the day
    assert send_due_digests(MORNING) == 1
    assert send_due_digests(MORNING + timedelta(hours=1)) == 0

    [message] = mail.outbox
    assert message.to == [digest_reader.email]
    assert "Bridge reopens" in message.body
    assert "A storm hit." in message.body and f"{settings.BASE_URL}/stories/9/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_readers_who_did_not_ask_get_no_digest(reader, make_article, make_story):
    services.follow(reader, make_story(make_article(published_at=MORNING)))

    assert send_due_digests(MORNING) == 0
    assert mail.outbox == []


def test_one_signed_link_unsubscribes_without_logging_in(digest_reader):
    send_due_digests(MORNING)
    url = re.search(r"http://\S+/digest/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    path = urlsplit(url).path
    anonymous = Client(enforce_csrf_checks=True)

    assert "Stop the daily digest" in text_of(anonymous.get(path))
    assert choices_of(digest_reader).daily_digest  # opening the link only asks
    assert anonymous.post(path).status_code == 200
    assert not choices_of(digest_reader).daily_digest
    assert anonymous.post(path[:-3] + "xx/").status_code == 404


def test_the_digest_setting_is_on_the_account_page(signed_in, reader):
    assert not choices_of(reader).daily_digest
    signed_in.post("/accounts/profile/digest/", {"daily_digest": "on"})
    assert choices_of(reader).daily_digest
    signed_in.post("/accounts/profile/digest/", {})
    assert not choices_of(reader).daily_digest
