"""Feed reader apps send no CSRF cookie: their writes must pass with CSRF checks on."""

import base64
import hashlib
import json

from django.test import Client

from tidings.readers import services
from tidings.readers.app_passwords import create_app_password, sign_in, token_for


def test_app_writes_need_no_csrf_token(make_reader, make_article):
    reader = make_reader(username="ada")
    password = create_app_password(reader, "app")
    articles = [make_article() for _ in range(3)]
    client = Client(enforce_csrf_checks=True)

    login = client.post("/api/greader/accounts/ClientLogin", {"Email": "ada", "Passwd": password})
    assert login.status_code == 200
    google = {"Authorization": f"GoogleLogin auth={token_for(sign_in('ada', password))}"}
    edit = {"i": str(articles[0].id), "a": "user/-/state/com.google/read"}
    answer = client.post("/api/greader/reader/api/0/edit-tag", edit, headers=google)
    assert answer.content == b"OK"

    key = hashlib.md5(f"ada:{password}".encode()).hexdigest()
    mark = {"api_key": key, "mark": "item", "as": "read", "id": str(articles[1].id)}
    assert client.post("/api/fever/?api", mark).json()["auth"] == 1

    basic = {"Authorization": "Basic " + base64.b64encode(f"ada:{password}".encode()).decode()}
    body = json.dumps({"entry_ids": [articles[2].id], "status": "read"})
    answer = client.put(
        "/api/miniflux/v1/entries", body, content_type="application/json", headers=basic
    )
    assert answer.status_code == 204
    assert services.read_articles(reader).count() == 3
