"""Comment bodies: a small Markdown subset rendered to HTML that is safe to show as is.

Two layers, so that a hole in one is not a hole in the page:

1. markdown-it renders only emphasis, links, quotes, lists and code; raw HTML stays text
   (``html=False``), and images, headings and tables are not Markdown here at all.
2. nh3 then keeps only the tags that subset can produce, only ``href`` on links, only
   http(s) and mailto addresses, and gives every link ``rel="nofollow ugc noopener"``
   (commenters' links earn no ranking, and the page they open cannot reach back to ours).
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
LINK = re.compile(r"<a\s")

_renderer = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).disable(["image", "heading", "lheading", "html_block", "html_inline"])


def sanitise(html: str) -> str:
    """Keep only what the Markdown subset can produce; drop anything else with its text
    where that text is code (scripts, styles), keep the text otherwise."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        url_relative="deny",
        strip_comments=True,
    )


def render_comment(source: str) -> str:
    """The sanitised HTML of a comment's Markdown ``source``."""
    return sanitise(_renderer.render(source)).strip()


def count_links(html: str) -> int:
    """Links in rendered comment HTML, which is what the spam scorer weighs."""
    return len(LINK.findall(html))
