"""The AI panel in Chromium: a small site in the test's database, a story page, each
action clicked and loaded in place, then a citation followed to its highlighted sentence."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import BROWSER, CHROMIUM, CHROMIUM_ARGS
from tidings.web.tests.conftest import QUAKE, REWRITE

pytestmark = BROWSER
ACTIONS = {
    "Summary of the story": "summary",
    "Key facts: who, what, when, where, why, how": "five-w",
    "Compare coverage": "coverage",
    "Timeline": "timeline",
    "What changed": "changes",
}


@pytest.fixture
def story(transactional_db, make_source, make_article):
    from tidings.stories.models import Story

    now = timezone.now()
    story = Story.objects.create(id=1, title="Earthquake kills 12 in Italy", outlet_count=2)
    for name, text, hours in (("Wire", QUAKE, 3), ("Daily", REWRITE, 2)):
        make_article(
            source=make_source(name=name),
            title=f"{name}: earthquake in Italy",
            text=text,
            published_at=now - timedelta(hours=hours),
            story=story,
        )
    return story


def test_each_action_loads_in_place_and_a_citation_opens_its_sentence(
    live_server, story, monkeypatch
):
    from playwright.sync_api import sync_playwright

    # The database is filled; the browser's event loop must not stop Django's teardown.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/stories/{story.id}/")
        story_url = page.url
        result = page.locator("#ai-result")
        for label, action in ACTIONS.items():
            page.get_by_role("link", name=label).click()
            result.locator(f'[data-ai="{action}"]').wait_for()
            assert page.url == story_url  # loaded in place, not a new page
        page.get_by_role("link", name="Summary of the story").click()
        citation = result.locator("a.ai-citation").first
        citation.wait_for()
        quote = result.locator("q").first.inner_text()
        href = citation.get_attribute("href")
        citation.click()
        page.wait_for_url(f"**{href}")
        anchor = href.split("#")[1]
        target = page.locator(f"#{anchor}")
        assert target.inner_text() in quote or quote in target.inner_text()
        assert page.evaluate("document.querySelector(':target').id") == anchor
        highlight = target.evaluate("node => getComputedStyle(node).backgroundColor")
        plain = page.locator(".sentence:not(:target)").first.evaluate(
            "node => getComputedStyle(node).backgroundColor"
        )
        assert highlight != plain
        browser.close()
