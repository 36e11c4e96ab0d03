"""The demo on a phone and on a desktop: no page wider than the screen, no caption without
its picture, and the account links on screen."""

import re

import pytest

from tests.browser import ARTIFACTS, ON_THE_DEMO

pytestmark = ON_THE_DEMO


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen_and_no_caption_lacks_its_picture(demo, page, width):
    context = page.context.browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(demo["seed_article"])
        story = tab.get_by_role("link", name=re.compile(r"^Full coverage")).get_attribute("href")
        hashtag = tab.locator("a.hashtag").first.get_attribute("href")
        paths = ["/", story, demo["seed_article"], "/stories/", "/sources/", hashtag]
        for path in [*paths, "/search/?q=Ukraine", "/accounts/signup/"]:
            tab.goto(path if path.startswith("http") else demo["base"] + path)
            overflow = tab.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, f"{path} is {overflow} px wider than {width} px"
            orphans = tab.evaluate(
                "[...document.querySelectorAll('figcaption')]"
                ".filter(caption => !caption.closest('figure').querySelector('img, svg')).length"
            )
            assert orphans == 0, f"{path} has a caption without its picture"
            for name in ("Log in", "Sign up"):
                box = tab.get_by_role("link", name=name, exact=True).first.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, name)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.goto(demo["base"] + "/")
        tab.screenshot(path=str(ARTIFACTS / f"home-{width}.png"))
    finally:
        context.close()
