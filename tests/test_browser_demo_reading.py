"""A reader of the demo in Chromium: signs up, searches, follows the story of what they
found, sees it on "For you", reads one of its articles and finds it marked read."""

import re

from tests.browser import ON_THE_DEMO, sign_up

pytestmark = ON_THE_DEMO


def test_a_reader_searches_the_demo_follows_a_story_and_reads_it_for_you(demo, page):
    reader = page.context.browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    sign_up(reader, demo, "follower", "Follower")

    reader.goto(demo["base"] + "/")
    reader.fill("#site-search-q", "marijuana taxes Colorado")
    reader.press("#site-search-q", "Enter")
    reader.wait_for_url("**/search/?q=*")
    assert reader.locator("main mark").count() >= 1  # the matched words are highlighted
    reader.locator("main a[href^='/articles/']").first.click()
    reader.wait_for_url(re.compile(r"/articles/\d+/$"))
    found = re.search(r"/articles/(\d+)/$", reader.url)[1]  # opened, so read already
    story_href = reader.get_by_role("link", name=re.compile(r"^Full coverage")).first.get_attribute(
        "href"
    )
    reader.get_by_role("button", name="Follow", exact=True).click()
    reader.get_by_role("button", name="Following").wait_for()

    reader.get_by_role("link", name="For you").click()
    reader.wait_for_url("**/for-you/")
    card = reader.locator(".for-you-card").first
    assert card.locator(f"a[href='{story_href}']").count() >= 1, card.inner_text()
    before = unread(card)
    newly_read = 0 if card.get_attribute("data-article") == found else 1
    card.locator(".card-title a").click()
    reader.wait_for_url(re.compile(r"/articles/\d+/$"))
    reader.get_by_role("link", name="For you").click()
    reader.wait_for_url("**/for-you/")
    assert unread(reader.locator(".for-you-card").first) == before - newly_read
    reader.context.close()


def unread(card) -> int:
    """How many of the card's story are unread, from its mark ("3 unread", "Unread", "Read")."""
    mark = card.locator(".unread-mark, .read-mark").first.inner_text()
    return {"Read": 0, "Unread": 1}.get(mark) or int(mark.split()[0])
