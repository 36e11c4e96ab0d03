"""Personal API tokens on the account page: made, shown once, listed, revoked."""

import hashlib

import lxml.html
import pytest
from django.test import Client

from tidings.comments import tokens
from tidings.comments.models import ApiToken


def page_of(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def make_token(client, name="phone"):
    response = client.post("/accounts/profile/tokens/", {"name": name})
    [field] = page_of(response).xpath("//input[@id='new-token']")
    return response, field.get("value")


@pytest.fixture
def reader_client(client, make_reader):
    client.force_login(make_reader())
    return client


def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(reader_client):
    response, token = make_token(reader_client)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert token.startswith("tid_") and len(token) > 40
    row = ApiToken.objects.get()
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert (row.name, row.prefix) == ("phone", token[:8])
    assert token not in str(ApiToken.objects.values_list())

    later = reader_client.get("/accounts/profile/")
    html = later.content.decode()
    assert token not in html
    assert f"{row.prefix}…" in html and "phone" in html and "never" in html


def test_a_token_can_be_revoked_and_then_no_longer_works(reader_client, make_article):
    _response, token = make_token(reader_client)
    row = ApiToken.objects.get()

    response = reader_client.post(f"/accounts/profile/tokens/{row.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/#api-tokens"
    assert not ApiToken.objects.exists()
    assert tokens.user_for_token(token) is None


def test_nobody_can_revoke_anothers_token(client, make_reader):
    owner = make_reader()
    tokens.create_token(owner, "mine")
    client.force_login(make_reader())

    response = client.post(f"/accounts/profile/tokens/{ApiToken.objects.get().pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(user=owner).exists()


def test_token_forms_need_a_csrf_token_and_an_account(make_reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_reader())
    assert browser.post("/accounts/profile/tokens/", {"name": "x"}).status_code == 403

    anonymous = Client().post("/accounts/profile/tokens/", {"name": "x"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not ApiToken.objects.exists()


def test_an_account_has_at_most_so_many_tokens(reader_client, monkeypatch):
    monkeypatch.setattr(tokens, "MAX_TOKENS", 2)
    make_token(reader_client)
    make_token(reader_client)

    response = reader_client.post("/accounts/profile/tokens/", {"name": "third"})

    assert response.status_code == 400
    assert "at most 2 tokens; revoke one first" in response.content.decode()
    assert ApiToken.objects.count() == 2


def test_a_token_name_is_shown_as_text(reader_client):
    make_token(reader_client, name="<script>alert(1)</script>")
    html = reader_client.get("/accounts/profile/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
