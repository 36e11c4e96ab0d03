"""The sources page and each source's page, with its health."""

from datetime import timedelta

from django.utils import timezone

from tidings.sources.models import FetchLog
from tidings.web.tests.html import parse, text_of


def test_sources_page_lists_article_counts_and_health(client, make_source, make_article):
    healthy = make_source(name="NHK", last_fetched_at=timezone.now(), last_status=200)
    failing = make_source(
        name="Broken Gazette",
        last_fetched_at=timezone.now(),
        error_count=3,
        last_error_code="http_404",
    )
    make_source(name="Brand New")
    make_article(source=healthy)
    make_article(source=healthy)

    page = parse(client.get("/sources/"))

    rows = {row.plain for row in page.find_all("li", class_="source-row")}
    assert any(row.startswith("NHK 2 articles") and "Healthy" in row for row in rows)
    assert any(row.startswith("Broken Gazette 0 articles") and "http_404" in row for row in rows)
    assert any(row.startswith("Brand New 0 articles") and "Never fetched" in row for row in rows)
    assert page.find("a", href=f"/sources/{failing.id}/").plain == "Broken Gazette"


def test_source_page_shows_site_health_fetches_and_its_articles(client, make_source, make_article):
    source = make_source(
        name="Broken Gazette",
        site_url="https://gazette.example/",
        last_fetched_at=timezone.now() - timedelta(hours=2),
        last_status=404,
        error_count=2,
        last_error_code="http_404",
        last_error="The feed answered 404 Not Found.",
    )
    FetchLog.objects.create(source=source, status=404, error_code="http_404")
    mine = make_article(source=source, title="Our story")
    make_article(title="Someone else's story")

    response = client.get(f"/sources/{source.id}/")
    page = parse(response)
    text = text_of(response)

    assert page.find("h1").plain == "Broken Gazette"
    assert page.find("a", class_="site-link").attrs["href"] == "https://gazette.example/"
    assert "Failing: http_404" in text
    assert "2 hours ago (HTTP 404)" in text
    assert "The feed answered 404 Not Found." in text
    assert "Recent fetches" in text
    titles = [tag.plain for tag in page.find_all("h3", class_="card-title")]
    assert titles == [mine.title]
    assert client.get("/sources/999999/").status_code == 404


def test_sources_page_shows_thirty_sources_a_page_by_name(client, make_source):
    for number in range(65):
        make_source(name=f"Outlet {number:02}")
    first = parse(client.get("/sources/"))
    names = [tag.plain for tag in first.find_all("h2", class_="source-name")]
    assert names == [f"Outlet {number:02}" for number in range(30)]
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    last = parse(client.get("/sources/?page=3"))
    assert len(last.find_all("h2", class_="source-name")) == 5
    assert client.get("/sources/?page=4").status_code == 404


def test_sources_page_finds_sources_by_name_or_address(client, make_source):
    make_source(name="24/7 Wall St.", url="https://wallst.example/feed")
    make_source(name="Daily Planet", url="https://planet.example/rss")
    for number in range(40):
        make_source(name=f"Planet Outlet {number:02}")

    def found(query: str) -> list[str]:
        page = parse(client.get("/sources/", {"q": query}))
        return [tag.plain for tag in page.find_all("h2", class_="source-name")]

    assert found("wall st") == ["24/7 Wall St."]
    assert found("PLANET.EXAMPLE") == ["Daily Planet"]
    assert len(found("planet")) == 30
    second = parse(client.get("/sources/", {"q": "planet", "page": 2}))
    assert second.find("a", rel="prev").attrs["href"] == "?q=planet&page=1"
    assert "No source's name or address holds “nowhere”" in text_of(
        client.get("/sources/", {"q": "nowhere"})
    )
