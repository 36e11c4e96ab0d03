from django.utils import timezone

from tidings.sources.models import FetchLog
from tidings.web.tests.html import parse


def test_admin_lists_sources_with_health_and_counts(admin_client, make_source, make_article):
    healthy = make_source(name="NHK", last_fetched_at=timezone.now())
    make_source(name="Broken Gazette", last_fetched_at=timezone.now(), error_count=2)
    make_article(source=healthy)

    everything = admin_client.get("/admin/sources/source/")
    failing = admin_client.get("/admin/sources/source/?health=failing")

    assert everything.status_code == 200
    rows = [row.plain for row in parse(everything).find_all("tr") if "NHK" in row.text]
    assert rows and "ok" in rows[0] and rows[0].endswith("1")
    names = {tag.plain for tag in parse(failing).find_all("th", class_="field-display_name")}
    assert names == {"Broken Gazette"}


def test_admin_source_page_links_to_its_fetch_log(admin_client, make_source):
    source = make_source(name="NHK")
    FetchLog.objects.create(source=source, status=200, new_articles=3)

    page = parse(admin_client.get(f"/admin/sources/source/{source.id}/change/"))

    link = page.find("a", href=f"/admin/sources/fetchlog/?source__id__exact={source.id}")
    assert link.plain == "1 fetches"


def test_fetch_log_is_read_only_in_admin(admin_client, make_source):
    fetch = FetchLog.objects.create(source=make_source(), status=500, error_code="http_500")

    assert admin_client.get("/admin/sources/fetchlog/").status_code == 200
    assert admin_client.get("/admin/sources/fetchlog/add/").status_code == 403
    response = admin_client.post(
        f"/admin/sources/fetchlog/{fetch.id}/change/", {"status": 200, "error_code": ""}
    )
    fetch.refresh_from_db()
    assert (response.status_code, fetch.error_code) == (403, "http_500")


def test_admin_finds_articles_by_title_and_filters_by_origin(admin_client, make_article):
    make_article(title="Prisoner swap in Istanbul", text="Body.", text_origin="page")
    make_article(title="Typhoon nears Okinawa", text_origin="none")

    found = parse(admin_client.get("/admin/articles/article/?q=swap"))
    headline_only = parse(admin_client.get("/admin/articles/article/?text_origin__exact=none"))

    assert [tag.plain for tag in found.find_all("th", class_="field-title")] == [
        "Prisoner swap in Istanbul"
    ]
    assert [tag.plain for tag in headline_only.find_all("th", class_="field-title")] == [
        "Typhoon nears Okinawa"
    ]


def test_admin_lists_hashtags_with_article_counts(admin_client, make_article, make_hashtag):
    make_hashtag("prisoners of war", articles=[make_article(), make_article()])

    page = parse(admin_client.get("/admin/enrich/hashtag/"))

    row = next(row for row in page.find_all("tr") if "#PrisonersOfWar" in row.text)
    assert row.plain.endswith("2")
    assert admin_client.get("/admin/enrich/articlehashtag/").status_code == 200
