"""GET /api/v1/search: the same search as the page, with the API's cursors."""

from datetime import UTC, datetime, timedelta

from tidings.search import lexical

MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_results_carry_escaped_highlights(client, make_article):
    article = make_article(
        title="Harbour <i>reopens</i>", text="Ferries sailed into the harbour again."
    )
    response = client.get("/api/v1/search", {"q": "harbour"})
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None and body["by_meaning"] is False
    [item] = body["items"]
    assert item["id"] == article.id
    assert item["title_html"] == "<mark>Harbour</mark> &lt;i&gt;reopens&lt;/i&gt;"
    assert item["snippet_html"] == "Ferries sailed into the <mark>harbour</mark> again."
    assert item["by_meaning_only"] is False
    assert item["page_url"].endswith(f"/articles/{article.id}/")


def test_cursors_walk_every_result_once(client, make_article):
    made = {
        make_article(title=f"Budget vote {n}", published_at=MONDAY - timedelta(hours=n)).id
        for n in range(7)
    }
    seen, cursor = [], None
    while True:
        params = {"q": "budget", "limit": 3, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/search", params).json()
        seen += [item["id"] for item in body["items"]]
        if cursor is None:
            make_article(title="Budget vote arriving meanwhile")  # not in this search
        cursor = body["next"]
        if cursor is None:
            break
    assert len(seen) == len(made) and set(seen) == made


def test_filters_apply(client, make_article, make_source, make_hashtag):
    wire = make_source()
    first = make_article(source=wire, title="Storm warning", published_at=MONDAY)
    second = make_article(title="Storm damage", published_at=MONDAY + timedelta(days=2))
    make_hashtag("weather", articles=[second])

    def ids(**params):
        body = client.get("/api/v1/search", {"q": "storm", **params}).json()
        return {item["id"] for item in body["items"]}

    assert ids() == {first.id, second.id}
    assert ids(source=wire.id) == {first.id}
    assert ids(hashtag="weather") == {second.id}
    assert ids(since="2026-03-03T00:00:00Z") == {second.id}
    assert ids(until="2026-03-03T00:00:00Z") == {first.id}


def test_words_that_cannot_be_searched_answer_400_in_words(client, db):
    response = client.get("/api/v1/search", {"q": "-storm"})
    assert response.status_code == 400
    assert "not only what to leave out" in response.json()["detail"]


def test_a_missing_query_or_a_bad_filter_answers_422(client, db):
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search", {"q": "storm", "source": "x"}).status_code == 422


def test_a_damaged_cursor_answers_400(client, db):
    response = client.get("/api/v1/search", {"q": "storm", "cursor": "bm90IGEgY3Vyc29y"})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_the_openapi_document_describes_search(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "source", "hashtag", "since", "until", "cursor", "limit"} <= names
    assert {"200", "400", "422"} <= set(operation["responses"])
    assert "snippet_html" in schema["components"]["schemas"]["SearchItem"]["properties"]


def test_a_search_says_when_only_the_newest_matches_were_ranked(client, make_article, monkeypatch):
    monkeypatch.setattr(lexical, "CANDIDATES", 2)
    for number in range(3):
        make_article(title=f"Storm {number}")
    assert client.get("/api/v1/search", {"q": "storm"}).json()["capped"] is True
    assert client.get("/api/v1/search", {"q": "storm 1"}).json()["capped"] is False
    html = client.get("/search/", {"q": "storm"}).content.decode()
    assert "here are the best of the newest 2" in html
