"""The demo, as a newcomer sees it: `tidings demo` in its own process, then Chromium."""

import os
import re
import subprocess
import sys

from tests.browser import ARTIFACTS, ON_THE_DEMO, confirm_sign_up, sign_up

pytestmark = ON_THE_DEMO


def test_the_seed_article_page_has_the_seed_structure(demo, page):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(demo["base"]) else None
        ),
    )
    page.goto(demo["seed_article"])
    assert page.locator("h1").inner_text() == "Russia and Ukraine exchange prisoners of war"
    # The seed keeps the photo's caption and credit but not the photo: neither shows.
    assert page.locator("figcaption").count() == 0
    assert "AFP-JIJI" not in page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Hashtags").is_visible()
    hashtags = page.locator("a.hashtag").all_inner_texts()
    assert 3 <= len(hashtags) <= 8 and "#VolodymyrZelenskyy" in hashtags, hashtags
    assert page.get_by_role("heading", name="Summary").is_visible()
    assert page.get_by_role("heading", name="Key facts").is_visible()
    assert page.get_by_text("at least 1,200", exact=True).is_visible()
    assert page.get_by_role("heading", name="Comments").is_visible()
    assert page.get_by_text("No comments yet...").is_visible()
    assert page.get_by_role("heading", name="Related Articles").is_visible()
    body = page.locator("article").first.inner_text()
    assert "a first list of 640 POWs had been handed to Ukraine" in body

    cards = page.locator("[data-related-card]")
    assert cards.count() >= 2
    texts = [cards.nth(i).inner_text() for i in range(cards.count())]
    assert any("NHK" in text and "- NHK" in text for text in texts), texts
    assert all(re.search(r"\bago\b", text) for text in texts), texts
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)
    assert outside == [], f"the page asked third parties for {outside}"


def test_the_seed_article_leads_to_its_story_and_the_home_page_to_top_stories(demo, page):
    page.goto(demo["seed_article"])
    page.get_by_role("link", name=re.compile(r"^Full coverage: \d+ outlets?$")).click()
    page.wait_for_url(re.compile(r"/stories/\d+/$"))
    assert page.locator("h1").inner_text() == "Russia and Ukraine exchange prisoners of war"
    assert page.locator("svg[role='img']").count() == 1
    assert page.get_by_role("heading", name="Coverage by outlet").is_visible()
    assert "The Japan Times" in page.locator("main").inner_text()
    assert page.get_by_text("No comments yet...").is_visible()
    page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)

    page.goto(demo["base"] + "/")
    top = page.locator("section.top-stories")
    assert top.get_by_role("link", name=re.compile(r"Full coverage: \d+ outlets")).count() >= 3
    top.get_by_role("link", name=re.compile(r"Full coverage")).first.click()
    page.wait_for_url(re.compile(r"/stories/\d+/$"))
    assert page.locator("svg[role='img']").count() == 1


def test_the_home_page_lists_the_demo_news(demo, page):
    page.goto(demo["base"] + "/")
    assert page.locator("a[href^='/articles/']").count() >= 20
    page.screenshot(path=str(ARTIFACTS / "home-page.png"))


def test_a_reader_signs_up_comments_replies_and_markup_stays_text(demo, page):
    page.goto(demo["seed_article"])
    page.locator("[data-related-card] h3 a").first.click()
    article_url = page.url
    page.goto(demo["base"] + "/accounts/signup/")
    page.fill("#id_username", "first-reader")
    page.fill("#id_display_name", "First Reader")
    page.fill("#id_email", "reader@example.org")
    page.fill("#id_password1", "a long and unusual passphrase 42")
    page.fill("#id_password2", "a long and unusual passphrase 42")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    confirm_sign_up(page, demo, "reader@example.org")

    page.goto(article_url)
    page.evaluate("window.stillTheSamePage = true")
    payload = '**Useful** report. <img src=x onerror="window.pwned=1"> [more](javascript:alert(1))'
    page.fill("#comment-body", payload)
    page.get_by_role("button", name="Post comment").click()
    comment = page.locator(".comment-text").first
    comment.wait_for()
    # htmx put the comment in place: no reload, and the markup is shown as text, not run.
    assert page.evaluate("window.stillTheSamePage === true")
    assert page.evaluate("window.pwned === undefined")
    assert comment.locator("strong").inner_text() == "Useful"
    assert "<img src=x" in comment.inner_text()
    assert comment.locator("img").count() == 0
    assert comment.locator("a[href^='javascript']").count() == 0
    assert "First Reader" in page.locator(".comment-author").first.inner_text()
    assert page.get_by_role("heading", name="Comments (1)").is_visible()

    page.locator(".comment-reply summary").first.click()
    page.locator(".comment-reply textarea").first.fill("Thanks, agreed.")
    page.get_by_role("button", name="Post reply").first.click()
    page.get_by_text("Thanks, agreed.").wait_for()
    assert page.locator(".comment.depth-1").count() == 1
    assert page.get_by_role("heading", name="Comments (2)").is_visible()
    page.screenshot(path=str(ARTIFACTS / "comments.png"), full_page=True)


def run_in_demo(demo, code: str) -> None:
    """Run Python against the demo's database, as its operator would with `tidings shell`."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["TIDINGS_HOME"] = str(demo["home"])
    command = [sys.executable, "-m", "tidings", "shell", "-c", code]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_comment_is_edited_reported_and_hidden_by_a_moderator(demo, page):
    browser = page.context.browser
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(3)]
    writer, reader, moderator = (context.new_page() for context in contexts)
    try:
        sign_up(writer, demo, "bus-rider", "Bus Rider")
        # Not the seed article nor the first related one: the tests above look at those.
        writer.goto(demo["seed_article"])
        writer.locator("[data-related-card] h3 a").nth(1).click()
        article_url = writer.url
        writer.fill("#comment-body", "The night bus timetable is wrong on Sundays.")
        writer.get_by_role("button", name="Post comment").click()
        posted = writer.locator(".comment-body-wrap", has_text="night bus timetable")
        posted.get_by_role("link", name="Edit").click()
        writer.fill("#id_body", "The night bus timetable is wrong on Sundays and holidays.")
        writer.get_by_role("button", name="Save").click()
        edited = writer.locator(".comment-body-wrap", has_text="Sundays and holidays")
        assert edited.locator(".comment-edited").inner_text() == "(edited)"
        comment_id = edited.get_attribute("id").removeprefix("comment-")

        sign_up(reader, demo, "careful-reader", "Careful Reader")
        reader.goto(article_url)
        reported = reader.locator(f"#comment-{comment_id}")
        reported.locator(".comment-report summary").click()
        reported.get_by_label("Harassment or hate").check()
        reported.get_by_label("Anything a moderator should know").fill("Rude to the driver")
        reported.get_by_role("button", name="Send report").click()
        reader.get_by_text("Thanks, a moderator will look at it.").wait_for()

        run_in_demo(
            demo,
            "from django.contrib.auth.models import User; User.objects.create_user("
            "'night-moderator', password='another long passphrase 42', is_staff=True)",
        )
        moderator.goto(demo["base"] + "/moderation/")
        moderator.fill("#id_username", "night-moderator")
        moderator.fill("#id_password", "another long passphrase 42")
        moderator.get_by_role("button", name="Log in").click()
        entry = moderator.locator(f"#entry-{comment_id}")
        assert "Harassment or hate" in entry.inner_text()
        assert "Rude to the driver" in entry.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        moderator.screenshot(path=str(ARTIFACTS / "moderation-queue.png"), full_page=True)
        entry.locator(f"#reason-{comment_id}").fill("Insults the driver")
        entry.get_by_role("button", name="Hide").click()
        moderator.get_by_text(f"Hidden comment {comment_id}.").wait_for()
        assert moderator.locator(f"#entry-{comment_id}").count() == 0

        reader.reload()
        assert reader.locator(f"#comment-{comment_id}").count() == 0
        assert "Sundays and holidays" not in reader.content()
    finally:
        for context in contexts:
            context.close()
