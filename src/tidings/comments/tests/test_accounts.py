"""Accounts that give nothing away: sign-up, unique names and addresses, log-in limits, and
account mail sent by the worker."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client

from tidings.comments import signups
from tidings.comments.accounts import AccountTaken, create_account
from tidings.comments.models import PendingSignup, Profile
from tidings.comments.tests.test_comment_pages import find, page_of
from tidings.comments.tests.test_ratelimit import limits

PASSWORD = "a-long-enough-secret-9"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def sign_up(client, username, email, display_name=None):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "display_name": display_name or f"{username} {email[:3]}",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )


def without_csrf(response) -> bytes:
    return CSRF.sub(b"", response.content)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/)", message.body)[1]


# Sign-up --------------------------------------------------------------------------------


def test_signup_answers_alike_for_a_taken_and_a_free_username(make_reader, mailoutbox):
    make_reader(username="ada")
    taken = sign_up(Client(), "ada", "someone@example.org")
    free = sign_up(Client(), "grace", "grace@example.org")
    assert taken.redirect_chain == free.redirect_chain == [("/accounts/signup/sent/", 302)]
    assert taken.status_code == free.status_code == 200
    assert without_csrf(taken) == without_csrf(free)
    assert "Check your e-mail" in free.content.decode()
    assert not User.objects.filter(email="someone@example.org").exists()

    to_taken, to_free = mailoutbox
    assert to_taken.to == ["someone@example.org"]
    assert "Another account already has that username" in to_taken.body
    assert to_free.to == ["grace@example.org"]
    assert "/accounts/signup/confirm/" in to_free.body


def test_signup_answers_alike_for_a_taken_address_and_mails_its_holder(make_reader, mailoutbox):
    reader = make_reader()
    taken = sign_up(Client(), "newcomer", reader.email.upper())
    free = sign_up(Client(), "grace", "grace@example.org")
    assert without_csrf(taken) == without_csrf(free)
    assert User.objects.filter(email__iexact=reader.email).count() == 1

    to_holder = mailoutbox[0]
    assert to_holder.to == [reader.email.upper()]
    assert to_holder.subject == "Someone tried to sign up with your address"
    assert "/accounts/password_reset/" in to_holder.body
    assert "newcomer" not in to_holder.body


def test_the_mailed_link_makes_the_account_once_and_logs_in(client, db, mailoutbox):
    sign_up(client, "grace", "grace@example.org", display_name="Grace H.")
    assert not User.objects.filter(username="grace").exists()  # not before the link
    link = link_in(mailoutbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert not User.objects.filter(username="grace").exists()  # a scanner opening it makes none
    response = client.post(link)
    assert response.status_code == 302
    grace = User.objects.get(username="grace")
    assert (grace.email, grace.profile.display_name) == ("grace@example.org", "Grace H.")
    assert grace.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(grace.pk)

    assert Client().post(link).status_code == 404  # used up
    assert not PendingSignup.objects.exists()


def test_a_link_whose_address_was_taken_meanwhile_says_so(db, mailoutbox):
    sign_up(Client(), "grace", "grace@example.org")
    sign_up(Client(), "hopper", "GRACE@example.org")
    first, second = (link_in(message) for message in mailoutbox)
    assert Client().post(first).status_code == 302
    refused = Client().post(second)
    assert refused.status_code == 409
    assert "An account with that e-mail address already exists." in refused.content.decode()
    assert not User.objects.filter(username="hopper").exists()


def test_a_forged_link_makes_nothing(client, db):
    assert client.get("/accounts/signup/confirm/12:forged/").status_code == 404
    assert client.post("/accounts/signup/confirm/12:forged/").status_code == 404


# Unique display names and addresses -----------------------------------------------------


def test_signup_refuses_a_display_name_taken_in_any_case(client, make_reader, mailoutbox):
    make_reader(display_name="Ada Lovelace")
    response = sign_up(client, "ada2", "ada2@example.org", display_name="ada  LOVELACE")
    assert response.status_code == 200
    errors = [e.text_content() for e in find(page_of(response), "*", "form-error")]
    assert "That display name is taken; choose another." in " ".join(errors)
    assert not mailoutbox


def test_the_service_refuses_taken_names_and_addresses_in_any_case(make_reader):
    make_reader(username="ada", display_name="Ada")
    hashed = make_password(PASSWORD)
    clashes = [
        {"username": "ADA", "display_name": "Other", "email": "x@example.org"},
        {"username": "other", "display_name": "aDA", "email": "y@example.org"},
        {"username": "other", "display_name": "Other", "email": "READER1@example.org"},
    ]
    for fields in clashes:
        with pytest.raises(AccountTaken):
            create_account(**fields, password_hash=hashed)
    assert User.objects.count() == 1


def test_the_database_holds_display_names_and_addresses_unique(make_reader):
    reader = make_reader(display_name="Ada")
    other = make_reader()
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.filter(user=other).update(display_name="ADA")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other.pk).update(email=reader.email.upper())
    # Accounts without an address (made with createsuperuser) may be many.
    User.objects.filter(pk__in=[reader.pk, other.pk]).update(email="")


def test_a_moderated_account_without_a_profile_gets_a_free_display_name(make_reader, moderator):
    from tidings.comments.moderator_steps import moderated_profile

    make_reader(display_name="admin2")
    make_reader(display_name="Admin")
    bare = User.objects.create_user(username="admin", email="root@example.org")
    assert moderated_profile(bare).display_name == "admin 2"


# Log-in limits --------------------------------------------------------------------------


def test_the_per_account_login_limit_holds_across_addresses(settings, make_reader):
    limits(settings, login={"address": "100/300", "account": "3/300"})
    reader = make_reader()
    wrong = {"username": reader.username, "password": "nope"}
    client = Client()
    for number in range(3):
        response = client.post("/accounts/login/", wrong, REMOTE_ADDR=f"198.51.100.{number}")
        assert response.status_code == 200
    right = {"username": reader.username.upper(), "password": PASSWORD}
    refused = client.post("/accounts/login/", right, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert "Too many log-in and password-reset attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    other = make_reader()
    elsewhere = {"username": other.username, "password": PASSWORD}
    assert client.post("/accounts/login/", elsewhere, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_the_per_account_limit_counts_unknown_usernames_alike(settings, db):
    limits(settings, login={"account": "2/300"})
    ghost = {"username": "ghost", "password": "nope"}
    answers = [
        Client().post("/accounts/login/", ghost, REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert answers == [200, 200, 429]


def test_password_resets_for_one_address_are_limited_across_addresses(settings, make_reader):
    limits(settings, login={"account": "2/300"})
    reader = make_reader()
    answers = [
        Client()
        .post("/accounts/password_reset/", {"email": reader.email}, REMOTE_ADDR=f"198.51.100.{n}")
        .status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]


# Account mail goes through the worker ---------------------------------------------------


def test_reset_mail_is_sent_by_the_task_with_a_link_to_the_site(
    client, settings, make_reader, mailoutbox
):
    settings.BASE_URL = "https://news.example"
    settings.ALLOWED_HOSTS = ["*"]  # even where any Host is let in, links use BASE_URL
    reader = make_reader()
    client.post("/accounts/password_reset/", {"email": reader.email}, HTTP_HOST="evil.example")
    (message,) = mailoutbox
    assert message.to == [reader.email]
    link = re.search(r"https://news\.example(/accounts/reset/\S+/)", message.body)[1]
    assert "evil.example" not in message.body
    response = client.get(link, follow=True)
    assert "form" in response.content.decode()
    assert response.context["validlink"]


def test_the_tasks_take_ids_and_addresses_and_skip_what_is_gone(make_reader, mailoutbox):
    from tidings.comments import tasks

    reader = make_reader()
    tasks.send_password_reset(reader.pk)
    tasks.send_password_reset(reader.pk + 1000)  # no such account: no mail
    tasks.send_signup_link(12345)  # no such sign-up: no mail
    tasks.send_address_taken("someone@example.org")
    assert [message.to for message in mailoutbox] == [[reader.email], ["someone@example.org"]]


def test_expired_signups_are_cleared_by_the_next_one(db, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    sign_up(Client(), "grace", "grace@example.org")
    PendingSignup.objects.update(created_at=timezone.now() - signups.PENDING_FOR - timedelta(1))
    sign_up(Client(), "hopper", "hopper@example.org")
    assert list(PendingSignup.objects.values_list("username", flat=True)) == ["hopper"]
