"""A reader's OPML in and out, feed suggestions, and the operator approving them."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory

from tidings.following.admin import approve_suggestion
from tidings.following.models import FeedSuggestion
from tidings.following.opml_views import MAX_WAITING
from tidings.readers import services
from tidings.sources.models import Source
from tidings.sources.opml import parse_opml
from tidings.web.tests.html import parse, text_of

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>
<link>https://valley.example/</link><item><title>Flood</title><link>https://valley.example/1</link>
</item></channel></rss>"""


def opml_of(*urls: str) -> bytes:
    outlines = "".join(
        f'<outline type="rss" text="Feed {n}" xmlUrl="{url}"/>' for n, url in enumerate(urls)
    )
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()


def upload(client, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/for-you/opml/", {"opml": SimpleUploadedFile("feeds.opml", data)})


def test_import_follows_the_sites_sources_and_names_the_others(signed_in, reader, make_source):
    known = make_source(url="https://known.example/feed.xml", name="Known")
    slashed = make_source(url="https://slashed.example/feed/", name="Slashed")

    response = upload(
        signed_in,
        opml_of(
            "http://known.example/feed.xml",
            "https://slashed.example/feed",
            "https://unknown.example/rss",
        ),
    )

    assert response.status_code == 200
    assert set(services.followed_sources(reader)) == {known, slashed}
    page = parse(response)
    [missing] = page.find_all("ul", class_="missing-feeds")
    assert "https://unknown.example/rss" in missing.plain
    assert "Suggest this feed" in missing.plain
    assert Source.objects.count() == 2  # the reader's file adds no source


def test_a_broken_file_is_refused_with_the_reason(signed_in):
    response = upload(signed_in, b"<html><body>not a list</body></html>")

    assert response.status_code == 400
    assert "not an OPML file" in text_of(response)
    assert upload(signed_in, b"").status_code == 400


def test_export_lists_the_followed_sources(signed_in, reader, make_source):
    followed, _ = make_source(name="Followed"), make_source(name="Not followed")
    services.follow(reader, followed)

    response = signed_in.get("/for-you/opml/export/")

    assert response["Content-Disposition"].startswith("attachment")
    assert [outline.url for outline in parse_opml(response.content)] == [followed.url]


def test_a_suggestion_is_kept_once_and_a_known_feed_is_not_suggested(
    signed_in, reader, make_source
):
    known = make_source()
    for _ in range(2):
        response = signed_in.post(
            "/suggest-a-feed/", {"url": "https://new.example/feed", "note": "good local news"}
        )
        assert response.status_code == 200
    assert FeedSuggestion.objects.get().note == "good local news"
    assert signed_in.post("/suggest-a-feed/", {"url": known.url}).status_code == 400
    assert signed_in.post("/suggest-a-feed/", {"url": "javascript:alert(1)"}).status_code == 400
    assert FeedSuggestion.objects.count() == 1


def test_a_reader_has_a_bounded_number_of_suggestions_waiting(signed_in, reader):
    for number in range(1, MAX_WAITING):
        FeedSuggestion.objects.create(reader=reader, url=f"https://site{number}.example/feed")

    assert signed_in.post("/suggest-a-feed/", {"url": "https://last.example/"}).status_code == 200
    response = signed_in.post("/suggest-a-feed/", {"url": "https://one-more.example/"})
    assert response.status_code == 400 and "waiting" in text_of(response)


@pytest.fixture
def fetchable(allow_private_networks, route):
    return route("/suggested/feed.xml", 200, {"Content-Type": "application/rss+xml"}, RSS)


def test_approving_adds_the_source_through_the_sources_service(reader, fetchable):
    suggestion = FeedSuggestion.objects.create(reader=reader, url=fetchable)

    assert approve_suggestion(suggestion) == ""

    suggestion.refresh_from_db()
    assert suggestion.status == FeedSuggestion.Status.APPROVED
    assert suggestion.source == Source.objects.get(url=fetchable)
    assert suggestion.source.name == "Valley Post"


def test_a_suggestion_that_is_no_feed_keeps_waiting_with_the_reason(
    reader, allow_private_networks, route
):
    page = route("/suggested/page.html", 200, {"Content-Type": "text/html"}, b"<p>hi</p>")
    suggestion = FeedSuggestion.objects.create(reader=reader, url=page)

    error = approve_suggestion(suggestion)

    suggestion.refresh_from_db()
    assert "not a feed" in error and suggestion.error == error
    assert suggestion.status == FeedSuggestion.Status.WAITING
    assert not Source.objects.exists()


def test_the_admin_lists_suggestions_with_the_approve_action(make_reader, fetchable):
    staff = make_reader(is_staff=True, is_superuser=True)
    FeedSuggestion.objects.create(reader=staff, url=fetchable)
    model_admin = admin_site._registry[FeedSuggestion]
    request = RequestFactory().get("/admin/following/feedsuggestion/")
    request.user = staff

    assert {"approve", "refuse"} <= set(model_admin.get_actions(request))
