"""Article HTML that is safe to show, and the plain text of it.

``sanitize_html`` is the last step before any publisher's HTML reaches a reader: it keeps
only the tags of running text and links, so nothing on our pages can run script, load a
remote image or font, or tell a third party that someone is reading. It is used on
extracted article bodies and on feed content alike, so it takes fragments as readily as
whole documents.

The work happens in two passes. lxml first reshapes the markup (text loose in ``<div>``s
becomes paragraphs, ``<h1>`` becomes ``<h2>``, links are made absolute or unwrapped) so
that nothing readable is lost when tags are removed; nh3 then removes everything not on
the allow-list. nh3 runs last, so a mistake in the first pass costs layout, never safety.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urljoin, urlsplit

import lxml.html
import nh3
from lxml import etree

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "em", "strong", "b", "i", "a", "br",
    "pre", "code", "sub", "sup", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# Removed with everything inside them: code, embedded documents, and text that only makes
# sense beside something we drop (a caption without its image, a form's labels).
DROPPED_WITH_CONTENT = {
    "script", "style", "svg", "math", "iframe", "object", "embed", "noscript", "template",
    "form", "button", "select", "textarea", "figcaption", "audio", "video", "canvas", "head",
    "title", "meta", "link",
}  # fmt: skip
LINK_REL = "nofollow noopener noreferrer"
# Elements that lay out blocks: their own loose text must become a paragraph of its own.
BLOCK_CONTAINERS = {
    "div", "section", "article", "main", "header", "footer", "aside", "figure", "center",
    "dl", "dd", "dt", "address", "details", "summary", "nav", "body", "html", "hgroup",
}  # fmt: skip
# Table cells stay inline so that a row reads as one line of text.
BLOCK_TAGS = ALLOWED_TAGS - {"em", "strong", "b", "i", "a", "br", "code", "sub", "sup", "td", "th"}
HEADING_RENAMES = {"h1": "h2", "h5": "h4", "h6": "h4"}
_EMPTY_BLOCK = re.compile(r"<(p|h2|h3|h4|li|blockquote)>\s*(?:<br>\s*)*</\1>")


def sanitize_html(html: str, base_url: str | None) -> str:
    """Only the article-ish tags of ``html``; links absolute http(s) and marked nofollow."""
    root = _parse_fragment(html)
    if root is None:
        return ""
    _reshape(root, base_url)
    reshaped = "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    reshaped = (html_lib.escape(root.text) if root.text else "") + reshaped
    cleaned = nh3.clean(
        reshaped,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
    previous = None
    while previous != cleaned:
        previous, cleaned = cleaned, _EMPTY_BLOCK.sub("", cleaned)
    return cleaned.strip()


def html_to_text(html: str) -> str:
    """Plain text of ``html``: one paragraph per block, separated by one blank line."""
    root = _parse_fragment(html)
    if root is None:
        return ""
    for dropped in root.xpath("|".join(f"//{tag}" for tag in DROPPED_WITH_CONTENT)):
        _remove_keeping_tail(dropped)
    blocks: list[str] = []
    current: list[str] = []
    _collect_text(root, blocks, current, preformatted=False)
    _flush(blocks, current)
    return "\n\n".join(blocks)


def text_to_html(text: str) -> str:
    """Paragraphs of plain ``text`` as escaped ``<p>`` elements; single newlines become <br>."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    return "\n".join(
        "<p>" + "<br>".join(html_lib.escape(line.strip()) for line in part.splitlines()) + "</p>"
        for part in paragraphs
    )


def _parse_fragment(html: str) -> lxml.html.HtmlElement | None:
    """A <div> holding whatever ``html`` is: a whole document or a loose fragment."""
    if not html or not html.strip():
        return None
    # lxml refuses str input that still declares its byte encoding.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        parsed = lxml.html.fragments_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    root = lxml.html.Element("div")
    for item in parsed:
        if isinstance(item, str):
            _append_text(root, item)
        elif item.tag in {"html", "body"} or (
            isinstance(item.tag, str) and item.tag == "div" and len(parsed) == 1
        ):
            body = item.find("body") if item.tag == "html" else item
            source = body if body is not None else item
            _append_text(root, source.text or "")
            for child in list(source):
                root.append(child)
        else:
            root.append(item)
    return root


def _append_text(parent: lxml.html.HtmlElement, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _remove_keeping_tail(element: lxml.html.HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _reshape(root: lxml.html.HtmlElement, base_url: str | None) -> None:
    """1. drop dangerous subtrees; 2. rename headings; 3. fix links; 4. wrap loose text."""
    for element in list(root.iter()):
        # Comments and processing instructions have no str tag.
        if not isinstance(element.tag, str) or element.tag in DROPPED_WITH_CONTENT:
            _remove_keeping_tail(element)
    for element in root.iter(*HEADING_RENAMES):
        element.tag = HEADING_RENAMES[element.tag]
    for link in root.iter("a"):
        href = _absolute_http_url(link.get("href"), base_url)
        link.attrib.clear()
        if href:
            link.set("href", href)
        else:
            link.drop_tag()
    for container in [root, *root.iter(*BLOCK_CONTAINERS)]:
        _wrap_loose_text(container)
    # One newline after each block, in place of whatever indentation was there.
    for element in root.iter():
        if _is_block(element) and (element.tail is None or not element.tail.strip()):
            element.tail = "\n"
    if root.text is not None and not root.text.strip():
        root.text = None


def _absolute_http_url(href: str | None, base_url: str | None) -> str:
    """``href`` resolved against ``base_url`` if that makes it http(s), else ""."""
    if not href:
        return ""
    # Browsers ignore tabs and newlines inside URLs ("jav\tascript:"); so must we.
    href = re.sub(r"[\x00-\x20]", "", href)
    absolute = urljoin(base_url, href) if base_url else href
    parts = urlsplit(absolute)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return ""
    return absolute


def _wrap_loose_text(container: lxml.html.HtmlElement) -> None:
    """Put runs of text and inline elements directly inside a block container into <p>s."""
    items: list[lxml.html.HtmlElement | str] = [container.text or ""]
    for child in container:
        items.append(child)
        items.append(child.tail or "")
    loose = [item for item in items if isinstance(item, str) or not _is_block(item)]
    if not _has_text(loose):
        return
    container.text = None
    for child in list(container):
        child.tail = None
        container.remove(child)
    run: list[lxml.html.HtmlElement | str] = []
    for item in items:
        if isinstance(item, str) or not _is_block(item):
            run.append(item)
            continue
        _append_paragraph(container, run)
        run = []
        container.append(item)
    _append_paragraph(container, run)


def _append_paragraph(container: lxml.html.HtmlElement, run: list) -> None:
    if not _has_text(run):
        return
    paragraph = lxml.html.Element("p")
    for item in run:
        if isinstance(item, str):
            _append_text(paragraph, item)
        else:
            paragraph.append(item)
    container.append(paragraph)


def _is_block(element: lxml.html.HtmlElement) -> bool:
    return isinstance(element.tag, str) and (
        element.tag in BLOCK_TAGS
        or element.tag in BLOCK_CONTAINERS
        or element.tag in HEADING_RENAMES
    )


def _has_text(run: list) -> bool:
    for item in run:
        if isinstance(item, str):
            if item.strip():
                return True
        elif item.text_content().strip() or item.tag == "br":
            return True
    return False


def _collect_text(
    element: lxml.html.HtmlElement, blocks: list[str], current: list[str], *, preformatted: bool
) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in BLOCK_TAGS or tag in BLOCK_CONTAINERS or tag in HEADING_RENAMES
    preformatted = preformatted or tag == "pre"
    if block:
        _flush(blocks, current)
    if tag == "br":
        current.append("\n")
    elif element.text:
        current.append(element.text if preformatted else _squash(element.text))
    for child in element:
        _collect_text(child, blocks, current, preformatted=preformatted)
        if child.tag in {"td", "th"}:
            current.append(" | ")
        if child.tail:
            current.append(child.tail if preformatted else _squash(child.tail))
    if block:
        _flush(blocks, current)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _flush(blocks: list[str], current: list[str]) -> None:
    joined = "".join(current)
    current.clear()
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in joined.split("\n")]
    paragraph = "\n".join(line for line in lines if line).strip(" |")
    if paragraph:
        blocks.append(paragraph)
