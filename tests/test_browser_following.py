"""Following in Chromium: a reader logs in, searches, follows the story of an article they
found, sees it on "For you", reads its other article and finds the story marked read there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import BROWSER, CHROMIUM, CHROMIUM_ARGS

pytestmark = BROWSER
PASSWORD = "a-long-enough-secret-9"


@pytest.fixture
def story(transactional_db, make_source, make_article):
    from tidings.stories.models import Story

    now = timezone.now()
    story = Story.objects.create(id=1, title="Bridge reopens after floods", outlet_count=2)
    for name, hours in (("Valley Post", 3), ("River Daily", 2)):
        make_article(
            source=make_source(name=name),
            title=f"{name}: the bridge reopens",
            text="The bridge reopened on Monday after the floods.",
            published_at=now - timedelta(hours=hours),
            story=story,
        )
    return story


def test_a_reader_searches_follows_a_story_sees_it_for_you_and_reads_it(
    live_server, story, make_reader, monkeypatch
):
    from playwright.sync_api import sync_playwright

    reader = make_reader(username="follower", password=PASSWORD)
    # The database is filled; the browser's event loop must not stop Django's teardown.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="Log in").click()
        page.fill("#id_username", reader.username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/**")

        # Search, open the older article (read), and follow its story from there.
        page.fill("#site-search-q", "bridge reopens")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search/?q=*")
        page.get_by_role("link", name="Valley Post: the bridge reopens").click()
        page.wait_for_url("**/articles/*/")
        page.evaluate("window.stillTheSamePage = true")
        page.get_by_role("button", name="Follow", exact=True).click()
        page.get_by_role("button", name="Following").wait_for()
        assert page.evaluate("window.stillTheSamePage === true")  # htmx swapped the button

        page.get_by_role("link", name="For you").click()
        page.wait_for_url("**/for-you/")
        card = page.locator(".for-you-card").first
        assert card.locator(".card-title").inner_text() == "River Daily: the bridge reopens"
        assert card.locator(".unread-mark").inner_text() == "1 unread"
        assert "and 1 more on this story" in card.inner_text()

        card.locator(".card-title a").click()
        page.wait_for_url("**/articles/*/")
        page.get_by_role("link", name="For you").click()
        page.wait_for_url("**/for-you/")
        assert page.locator(".for-you-card .read-mark").first.inner_text() == "Read"
        assert page.locator(".for-you-card .unread-mark").count() == 0
        browser.close()
