"""The AI panel on story and article pages: each action as its own page and in place,
citations that land on the cited sentence, stored results reused until the story changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.ai.models import AiResult
from tidings.articles.models import ArticleVersion
from tidings.web.tests.conftest import QUAKE, REWRITE
from tidings.web.tests.html import parse, text_of

ACTIONS = ("summary", "five-w", "coverage", "timeline", "changes")


def test_story_page_has_the_panel_with_a_link_per_action(client, quake):
    page = parse(client.get(f"/stories/{quake.id}/"))
    links = {a.attrs["href"]: a for a in page.find_all("a", class_="ai-action")}
    for action in ACTIONS:
        url = f"/stories/{quake.id}/ai/{action}/"
        assert links[url].attrs["hx-get"] == url
        assert links[url].attrs["hx-target"] == "#ai-result"
    form = page.find("form", class_="ai-ask")
    assert form.attrs["action"] == f"/stories/{quake.id}/ai/ask/"
    assert any(tag.attrs.get("name") == "csrfmiddlewaretoken" for tag in page.find_all("input"))


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_is_a_page_and_a_fragment_for_htmx(client, quake, action):
    url = f"/stories/{quake.id}/ai/{action}/"
    whole = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert whole.status_code == fragment.status_code == 200
    assert b"<html" in whole.content and b"<html" not in fragment.content
    assert f'data-ai="{action}"'.encode() in fragment.content


def test_summary_citations_land_on_sentences_of_the_article_page(client, quake):
    page = parse(client.get(f"/stories/{quake.id}/ai/summary/", headers={"HX-Request": "true"}))
    citations = page.find_all("a", class_="ai-citation")
    assert citations
    outlets = set()
    for citation in citations:
        path, anchor = citation.attrs["href"].split("#")
        article = parse(client.get(path))
        target = article.find("span", id=anchor)
        assert target is not None and target.attrs["class"] == "sentence"
        outlets.add(citation.plain)
    assert outlets == {"Wire", "Daily"}


def test_summary_on_an_article_page_of_a_one_article_story_summarises_it(
    client, make_article, make_story
):
    article = make_article(title="Earthquake kills 12 in Italy", text=QUAKE)
    make_story(article)
    page = parse(client.get(f"/articles/{article.id}/ai/summary/"))
    quotes = [q.plain for q in page.find_all("q")]
    assert quotes and all(q in QUAKE for q in quotes)
    assert page.find("h3").plain == "Summary"


def test_stored_results_are_reused_until_an_article_joins_or_changes(
    client, quake, make_article, make_source
):
    client.get(f"/stories/{quake.id}/ai/summary/")
    stored = AiResult.objects.get(story=quake, kind="summary")
    marked = {"statements": [{"text": "stored marker", "citations": []}], "method": "extractive"}
    AiResult.objects.filter(pk=stored.pk).update(payload=marked)
    assert b"stored marker" in client.get(f"/stories/{quake.id}/ai/summary/").content

    wire = quake.articles.order_by("id").first()
    wire.content_hash, wire.modified_at = "edited", timezone.now()
    wire.save()
    assert b"stored marker" not in client.get(f"/stories/{quake.id}/ai/summary/").content

    AiResult.objects.filter(story=quake).update(payload=marked)
    make_article(source=make_source(), text=REWRITE, story=quake)
    assert b"stored marker" not in client.get(f"/stories/{quake.id}/ai/summary/").content
    assert AiResult.objects.filter(story=quake, kind="summary").count() == 1


def test_five_w_resolves_when_to_a_date_and_cites_its_sentence(client, quake):
    page = parse(client.get(f"/stories/{quake.id}/ai/five-w/", headers={"HX-Request": "true"}))
    when = page.find("time")
    wire = quake.articles.order_by("published_at").first()
    thursday = wire.published_at.date() - timedelta(days=(wire.published_at.weekday() - 3) % 7)
    assert when.attrs["datetime"] == thursday.isoformat()


def test_timeline_lists_dated_developments_oldest_first(client, quake):
    response = client.get(f"/api/v1/stories/{quake.id}/timeline")
    entries = response.json()["entries"]
    assert entries and [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    assert "earthquake" in entries[0]["text"]
    assert {c["outlet"] for c in entries[0]["citations"]} == {"Wire", "Daily"}


def test_coverage_of_one_outlet_says_there_is_nothing_to_compare(client, make_article, make_story):
    story = make_story(make_article(text=QUAKE))
    response = client.get(f"/stories/{story.id}/ai/coverage/")
    assert "This story has one outlet: nothing to compare." in text_of(response)


def test_coverage_shows_what_only_one_outlet_reports(client, quake):
    text = text_of(client.get(f"/stories/{quake.id}/ai/coverage/"))
    assert "50 million euros" in text
    assert "Only Daily reports" in text


def test_what_changed_shows_the_publishers_edits(client, quake):
    article = quake.articles.order_by("id").first()
    assert "has not changed this article" in text_of(
        client.get(f"/articles/{article.id}/ai/changes/")
    )
    ArticleVersion.objects.create(
        article=article,
        title=article.title,
        text=article.text.replace("killing 12 people", "killing 10 people"),
        content_hash="old",
    )
    # As the store does when a publisher's edit arrives: the story has a new version.
    article.modified_at = timezone.now()
    article.save()
    page = parse(client.get(f"/articles/{article.id}/ai/changes/"))
    assert page.find("del").plain == "10" and page.find("ins").plain == "12"


def test_unknown_action_and_story_are_404(client, quake):
    assert client.get(f"/stories/{quake.id}/ai/horoscope/").status_code == 404
    assert client.get("/stories/999999/ai/summary/").status_code == 404


def test_coverage_shows_how_each_outlet_treats_the_central_claim(client, quake):
    coverage = client.get(f"/api/v1/stories/{quake.id}/coverage").json()
    claim = coverage["stance"]["claim"]
    assert claim["citations"]
    cited = [c for group in coverage["stance"]["groups"] for c in group["citations"]]
    assert {c["outlet"] for c in cited} <= {"Wire", "Daily"} and cited
    assert all(group["label"] for group in coverage["stance"]["groups"])
