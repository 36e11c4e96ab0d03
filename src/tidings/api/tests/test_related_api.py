from datetime import UTC, datetime

import pytest

from tidings.enrich import stored_embeddings

NOON = datetime(2025, 6, 9, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def hashed_vectors(settings, tmp_path):
    """The hashed embeddings (no model needed), in an index of this test's own."""
    settings.TIDINGS = {
        **settings.TIDINGS,
        "EMBEDDINGS": "hashed",
        "VECTOR_FOLDER": tmp_path / "vectors",
    }


@pytest.fixture
def articles(make_article):
    made = [
        make_article(
            title="Russia and Ukraine exchange prisoners of war",
            text="Russia and Ukraine swapped prisoners of war on Monday after talks in Istanbul.",
            published_at=NOON,
        ),
        make_article(
            title="Ukraine expects more prisoner exchanges with Russia",
            text="Kyiv said further exchanges of prisoners of war with Russia would follow.",
            published_at=NOON,
        ),
        make_article(
            title="Late goal gives Arsenal derby win over Chelsea",
            text="Bukayo Saka scored in stoppage time as Arsenal beat Chelsea.",
            published_at=NOON,
        ),
    ]
    stored_embeddings.process(made)
    return made


def test_related_articles_of_an_article(client, articles):
    swap, more, _ = articles

    response = client.get(f"/api/v1/articles/{swap.id}/related")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [more.id]
    assert items[0]["title"] == more.title
    assert items[0]["source"] == {"id": more.source_id, "name": more.source.display_name}
    assert items[0]["page_url"].endswith(f"/articles/{more.id}/")


def test_related_articles_of_an_unknown_article_is_a_404_problem(client, articles):
    response = client.get("/api/v1/articles/999999/related")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no article with id 999999."}


def test_related_limit_is_checked(client, articles):
    assert client.get(f"/api/v1/articles/{articles[0].id}/related?limit=0").status_code == 422
    assert client.get(f"/api/v1/articles/{articles[0].id}/related?limit=21").status_code == 422
    assert client.get(f"/api/v1/articles/{articles[0].id}/related?limit=1").status_code == 200


def test_an_index_that_cannot_be_read_is_a_503_problem(client, articles, settings, tmp_path):
    (tmp_path / "blocked").write_text("a file where the folder should be")
    settings.TIDINGS = {**settings.TIDINGS, "VECTOR_FOLDER": tmp_path / "blocked"}

    response = client.get(f"/api/v1/articles/{articles[0].id}/related")

    assert response.status_code == 503
    assert "unavailable" in response.json()["detail"]
