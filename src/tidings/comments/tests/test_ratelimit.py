"""Rate limits: the pure sliding-window core, both stores, and the 429 answers of the pages."""

import re

import pytest

from tidings.comments import ratelimit
from tidings.comments.models import Comment, RateCounter, Report
from tidings.comments.posting import post_comment
from tidings.comments.ratelimit import (
    Slot,
    client_address,
    retry_after,
    slot,
    wait_for,
)
from tidings.config import ConfigError, Rate, parse_rates

REDIS_URL = "redis://127.0.0.1:6379/15"
FIVE_A_MINUTE = Rate(5, 60)


def limits(settings, **actions):
    """Replace the configured limits with ``actions`` (e.g. comment={"account": "2/60"})."""
    settings.TIDINGS = {
        **settings.TIDINGS,
        "RATE_LIMITS": {
            action: {whom: parse_rates(action, text) for whom, text in scopes.items()}
            for action, scopes in actions.items()
        },
    }


# The pure core.


@pytest.mark.parametrize(
    ("now", "current", "previous", "wait"),
    [
        (120.0, 5, 0, 0.0),  # the fifth of five in a fresh window goes ahead
        (120.0, 6, 0, 60 + 60 * (1 - 4 / 6)),  # the sixth waits into the next window
        (150.0, 5, 0, 0.0),
        # Half the previous window still overlaps: 10 * 0.5 + 1 = 6 > 5, and one more
        # fits once the previous window weighs 5 - 1 - 1 = 3, at 70% of this window.
        (150.0, 1, 10, 60 * 0.7 - 30),
        (170.0, 1, 6, 0.0),  # 6 * 1/6 + 1 = 2
    ],
)
def test_wait_for_counts_the_previous_window_by_its_overlap(now, current, previous, wait):
    assert wait_for(FIVE_A_MINUTE, now, current, previous) == pytest.approx(wait)


def test_waiting_as_long_as_told_lets_one_more_through():
    """Whatever the counts, an attempt made after the wait (counted then) is allowed."""
    for now in (120.0, 131.5, 179.9):
        for previous in range(0, 12):
            for current in range(1, 12):
                wait = wait_for(FIVE_A_MINUTE, now, current, previous)
                if wait == 0:
                    continue
                later = now + wait + 1e-6
                if later // 60 == now // 60:
                    assert wait_for(FIVE_A_MINUTE, later, current + 1, previous) == 0
                else:
                    assert wait_for(FIVE_A_MINUTE, later, 1, current) == 0


def test_there_is_no_double_burst_across_a_window_boundary():
    """Five hits at the end of one window leave little room at the start of the next."""
    assert wait_for(FIVE_A_MINUTE, 61.0, current=1, previous=5) > 0


def test_retry_after_is_whole_seconds_and_never_zero_when_refused():
    assert retry_after([0.0, 0.0]) == 0
    assert retry_after([0.0, 0.2]) == 1
    assert retry_after([12.1, 3.0]) == 13


def test_slots_are_aligned_to_their_window():
    assert slot("comment:account:7", Rate(5, 60), 125.3) == Slot("comment:account:7:60", 60, 120)
    assert slot("comment:account:7", Rate(30, 3600), 125.3).start == 0


@pytest.mark.parametrize(
    ("meta", "proxies", "address"),
    [
        ({"REMOTE_ADDR": "203.0.113.9"}, 0, "203.0.113.9"),
        # Without trusted proxies the header is the client's own claim, and ignored.
        ({"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 0, "203.0.113.9"),
        # One proxy appended the real client; what the client sent sits to its left.
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"},
            1,
            "198.51.100.7",
        ),
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.0.0.9"},
            2,
            "198.51.100.7",
        ),
        ({"REMOTE_ADDR": "10.0.0.2"}, 1, "10.0.0.2"),
        ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, 0, "2001:db8:1:2::/64"),
    ],
)
def test_client_address_trusts_forwarded_for_only_behind_proxies(meta, proxies, address):
    assert client_address(meta, proxies) == address


@pytest.mark.parametrize(
    ("text", "rates"),
    [
        ("5/60,30/3600", (Rate(5, 60), Rate(30, 3600))),
        (" 3 / 10 ", (Rate(3, 10),)),
        ("off", ()),
    ],
)
def test_rates_are_parsed(text, rates):
    assert parse_rates("TIDINGS_RATE_COMMENTS", text) == rates


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("5 per minute", "is not COUNT/SECONDS"),
        ("5/60,", "is not COUNT/SECONDS"),
        ("0/60", "a count of at least 1"),
        ("5/0", "a window of 1 to"),
        ("5/60,10/60", "the 60-second window twice"),
    ],
)
def test_bad_rates_are_refused_in_words(text, words):
    with pytest.raises(ConfigError, match=words):
        parse_rates("TIDINGS_RATE_COMMENTS", text)


def test_a_bad_rate_stops_the_command_with_a_clear_message(tmp_path):
    from tests.test_settings import tidings

    result = tidings("sources", "list", tmp_path=tmp_path, TIDINGS_RATE_COMMENTS="lots")
    assert result.returncode == 2
    assert "configuration error: TIDINGS_RATE_COMMENTS='lots'" in result.stderr


# The pages.


@pytest.fixture
def article(make_article):
    return make_article(title="Council approves the new bridge")


def test_a_reader_over_the_comment_limit_gets_429_and_keeps_their_text(
    client, settings, article, make_reader
):
    limits(settings, comment={"account": "2/60"})
    client.force_login(make_reader())
    url = f"/articles/{article.pk}/comments/"
    assert client.post(url, {"body": "One"}).status_code == 302
    assert client.post(url, {"body": "Two"}).status_code == 302

    response = client.post(url, {"body": "Three, too quickly"})

    assert response.status_code == 429
    # Refused attempts count too, so the wait can reach into the next window.
    assert 1 <= int(response["Retry-After"]) <= 120
    html = response.content.decode()
    assert "Too many comments in a short time. Please try again in" in html
    assert "Three, too quickly" in html  # back in the form, not lost
    assert Comment.objects.count() == 2


def test_the_comment_limit_per_account_follows_the_account_not_the_browser(
    settings, article, make_reader
):
    from django.test import Client

    limits(settings, comment={"account": "1/60"})
    reader, other = make_reader(), make_reader()
    first, second, third = Client(), Client(), Client()
    first.force_login(reader)
    second.force_login(reader)
    third.force_login(other)
    url = f"/articles/{article.pk}/comments/"
    assert first.post(url, {"body": "Hello"}).status_code == 302
    assert second.post(url, {"body": "Hello again"}).status_code == 429
    assert third.post(url, {"body": "Hi"}).status_code == 302


def test_the_comment_limit_per_address_covers_every_account(settings, article, make_reader):
    from django.test import Client

    limits(settings, comment={"account": "5/60", "address": "2/60"})
    url = f"/articles/{article.pk}/comments/"
    answers = []
    for _ in range(3):
        browser = Client(REMOTE_ADDR="203.0.113.50")
        browser.force_login(make_reader())
        answers.append(browser.post(url, {"body": "Sock puppet"}).status_code)
    assert answers == [302, 302, 429]


def test_an_htmx_comment_over_the_limit_shows_the_message_in_the_section(
    client, settings, article, make_reader
):
    limits(settings, comment={"account": "1/60"})
    client.force_login(make_reader())
    url = f"/articles/{article.pk}/comments/"
    client.post(url, {"body": "First"}, headers={"HX-Request": "true"})

    response = client.post(url, {"body": "Second"}, headers={"HX-Request": "true"})

    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="story-section comments" id="comments"')
    assert "Too many comments in a short time." in html
    assert Comment.objects.count() == 1


def test_signups_from_one_address_are_limited(client, settings, db):
    limits(settings, signup={"address": "2/3600"})

    def sign_up(name):
        return client.post(
            "/accounts/signup/",
            {
                "username": name,
                "display_name": name,
                "email": f"{name}@example.org",
                "password1": "a-long-enough-secret-9",
                "password2": "a-long-enough-secret-9",
            },
        )

    assert sign_up("ada").status_code == 302
    client.post("/accounts/logout/")
    assert sign_up("bob").status_code == 302
    client.post("/accounts/logout/")
    refused = sign_up("eve")
    assert refused.status_code == 429
    assert re.search(
        r"Too many sign-ups in a short time\. Please try again in \d+ (minutes|hours?)\.",
        refused.content.decode(),
    )
    assert client.get("/accounts/signup/").status_code == 200  # reading the form is free


def test_login_and_password_reset_attempts_share_one_limit(client, settings, make_reader):
    limits(settings, login={"address": "3/300"})
    reader = make_reader()
    wrong = {"username": reader.username, "password": "nope"}
    assert client.post("/accounts/login/", wrong).status_code == 200
    assert client.post("/accounts/login/", wrong).status_code == 200
    assert client.post("/accounts/password_reset/", {"email": reader.email}).status_code == 302

    for url, data in [
        ("/accounts/login/", {"username": reader.username, "password": "a-long-enough-secret-9"}),
        ("/accounts/password_reset/", {"email": reader.email}),
        ("/accounts/password_reset/", {"email": "nobody@example.org"}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 429
        assert response["Retry-After"].isdigit()
        assert "Too many log-in and password-reset attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session  # even the right password waits


def test_limits_set_to_off_never_refuse(client, settings, article, make_reader):
    limits(settings, comment={"account": "off", "address": "off"})
    client.force_login(make_reader())
    url = f"/articles/{article.pk}/comments/"
    answers = {client.post(url, {"body": f"Comment {n}"}).status_code for n in range(8)}
    assert answers == {302}
    assert not RateCounter.objects.exists()


def test_an_unknown_action_is_a_programming_error(rf, db):
    with pytest.raises(ValueError, match="not a rate-limited action"):
        ratelimit.check("vote", account_id=None, address="127.0.0.1", now=0.0)


def test_reports_by_one_account_are_limited(client, settings, article, make_reader):
    limits(settings, report={"account": "2/600"})
    author = make_reader()
    comments = [post_comment(author=author, target=article, body=f"Buy now {n}") for n in range(4)]
    client.force_login(make_reader())

    def report(comment, **headers):
        url = f"/comments/{comment.pk}/report/"
        return client.post(url, {"reason": "spam"}, headers=headers)

    assert report(comments[0]).status_code == 302
    assert report(comments[1]).status_code == 302
    refused = report(comments[2])
    assert refused.status_code == 429
    assert "Too many reports in a short time." in refused.content.decode()
    htmx = report(comments[3], HX_Request="true")
    assert htmx.status_code == 200 and int(htmx["Retry-After"]) >= 1
    assert 'id="comments"' in htmx.content.decode()
    assert "Too many reports in a short time." in htmx.content.decode()
    assert Report.objects.count() == 2
