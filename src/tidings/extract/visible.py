"""The page as a reader sees it: without hidden elements, screen-reader text, hover cards
and captions, and with embedded social posts as plain quotations, so that trafilatura
extracts only the article's running text."""

from __future__ import annotations

import re

import lxml.html

from tidings.extract.figure import SCREEN_READER_ONLY, caption_elements
from tidings.text import text_key

# Markup that readers never see: hidden elements and off-screen text. The attributes are
# found by XPath, the values read in Python (see _is_hidden): one pass over the page.
_MAYBE_HIDDEN = "//*[@hidden or @style or @aria-hidden='true']"
# Cards that pop up over a name in the text: "<span class=rollover><a>Name</a><span
# class=rollover-card>bio, links</span></span>". The name stays, the card goes.
_HOVER_CARD = re.compile(r"rollover|hovercard|hover-card|tooltip|popover", re.IGNORECASE)
# Social posts embedded in an article are quotations the story relies on; trafilatura
# drops them for their "twitter"/"instagram" classes, so they become plain blockquotes.
_SOCIAL_EMBEDS = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
    " or contains(@class, 'tiktok-embed') or contains(@class, 'twitter-video')]"
)


def prepare_for_extraction(page: lxml.html.HtmlElement) -> None:
    """Take out of the page, in place, what a reader cannot see or sees beside the text.

    1. hidden elements; 2. screen-reader text; 3. hover cards; 4. captions; 5. embedded
    posts unwrapped. Elements are found once, before any is dropped: one inside a subtree
    dropped earlier is then dropped from that detached subtree, which changes nothing.
    """
    classed = page.xpath("//*[@class]")
    for element in page.xpath(_MAYBE_HIDDEN):
        if _is_hidden(element):
            _drop(element)
    for element in classed:
        if SCREEN_READER_ONLY.search(element.get("class", "")):
            _drop(element)
    _drop_hover_cards(classed)
    for element in caption_elements(page):
        _drop(element)
    for quote in page.xpath(_SOCIAL_EMBEDS):
        _unwrap_embed(quote)


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style", "").replace(" ", "")
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return element.get("aria-hidden") == "true" and element.find(".//p") is None


def _drop_hover_cards(classed: list[lxml.html.HtmlElement]) -> None:
    """Drop the innermost hover-card elements that are not themselves the link shown.
    Whether one is innermost is decided among those still on the page: the descendants
    of an element on the page are on it too."""
    marked = [element for element in classed if _HOVER_CARD.search(element.get("class", ""))]
    marked_set = set(marked)
    for element in marked:
        if element.tag == "a" or any(inner in marked_set for inner in element.iterdescendants()):
            continue
        _drop(element)


def _unwrap_embed(quote: lxml.html.HtmlElement) -> None:
    """Put an embedded post's blockquote, without classes, in place of the widget that
    holds nothing but it, whose "tweet"/"widget" classes would get it thrown away."""
    quote.attrib.pop("class", None)
    own_text = text_key(quote.text_content())
    outermost = quote
    parent = quote.getparent()
    while parent is not None and parent.tag not in {"body", "article", "main"}:
        if text_key(parent.text_content()) != own_text:
            break
        outermost, parent = parent, parent.getparent()
    if outermost is not quote:
        quote.tail = outermost.tail
        outermost.getparent().replace(outermost, quote)


def _drop(element: lxml.html.HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()
