import pytest

from tidings.readers.app_passwords import create_app_password
from tidings.readers.greader.auth import action_token

LOGIN = "/api/greader/accounts/ClientLogin"


def test_client_login_answers_the_token_as_auth(client, make_reader):
    reader = make_reader(username="ada")
    password = create_app_password(reader, "phone")
    response = client.post(LOGIN, {"Email": "ada", "Passwd": password})
    assert response.status_code == 200
    lines = dict(line.split("=", 1) for line in response.content.decode().splitlines())
    assert set(lines) == {"SID", "LSID", "Auth"}
    headers = {"Authorization": f"GoogleLogin auth={lines['Auth']}"}
    info = client.get("/api/greader/reader/api/0/user-info", headers=headers).json()
    assert (info["userName"], info["userId"]) == ("ada", str(reader.id))


def test_the_login_password_does_not_sign_in(client, make_reader):
    make_reader(username="ada", password="login-secret-123456")
    response = client.post(LOGIN, {"Email": "ada", "Passwd": "login-secret-123456"})
    assert response.status_code == 401
    assert response.content.startswith(b"Error=BadAuthentication")


def test_sign_in_attempts_are_rate_limited(client, make_reader):
    make_reader(username="ada")
    for _ in range(10):
        client.post(LOGIN, {"Email": "ada", "Passwd": "guess"})
    response = client.post(LOGIN, {"Email": "ada", "Passwd": "guess"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    "header", [None, "GoogleLogin auth=nonsense", "GoogleLogin auth=ada/1-abc", "Bearer x"]
)
def test_without_a_good_token_the_api_answers_unauthorized(client, db, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/greader/reader/api/0/subscription/list", headers=headers)
    assert response.status_code == 401
    assert response.content == b"Unauthorized\n"


def test_the_action_token_guards_writes(greader, make_article):
    article = make_article()
    token = greader.get("token").content.decode().strip()
    assert token == action_token(greader.token)
    edit = {"i": str(article.id), "a": "user/-/state/com.google/read"}
    assert greader.post("edit-tag", {**edit, "T": token}).content == b"OK"
    refused = greader.post("edit-tag", {**edit, "T": "wrong"})
    assert refused.status_code == 401
    assert refused["Google-Bad-Token"] == "true"
    assert greader.get("edit-tag", edit).status_code == 405


def test_a_revoked_app_password_ends_its_token(greader):
    greader.reader.app_passwords.all().delete()
    assert greader.get("user-info").status_code == 401


def test_edit_tag_as_newsboat_posts_it(greader, make_article):
    """newsboat 2.21 posts the token endpoint's answer, line end and all, unescaped."""
    article = make_article()
    token = greader.get("token").content.decode()
    item = f"tag:google.com,2005:reader/item/{article.id:016x}"
    states = "a=user/-/state/com.google/read&r=user/-/state/com.google/kept-unread"
    body = f"i={item}&{states}&ac=edit&T={token}"
    answer = greader.client.post(
        "/api/greader/reader/api/0/edit-tag",
        body,
        content_type="application/x-www-form-urlencoded",
        headers=greader.headers,
    )
    assert answer.content == b"OK"
    assert greader.reader.article_states.get().read_at is not None


def test_unknown_endpoints_answer_in_the_dialect(client, db):
    answer = client.get("/api/greader/reader/api/0/preference/list")
    assert answer.status_code == 404
    assert answer.content.startswith(b"Not Found: ")
    miniflux = client.get("/api/miniflux/v1/users")
    assert miniflux.status_code == 404
    assert "reading endpoints" in miniflux.json()["error_message"]
