"""An article page's HTML → its readable text, safe HTML, headline, dates and lead image.

The steps, in ``extract_article``:

1. decode the bytes the way a browser would (BOM, <meta charset>, UTF-8, windows-1252);
2. read what the page states about itself (JSON-LD, OpenGraph, <link rel=canonical>);
3. find the lead image and split its caption from the photographer's credit;
4. extract the body with trafilatura from a copy of the page without hidden elements,
   captions and hover cards, taking a second opinion when the first looks short beside
   the page's own text or its JSON-LD articleBody;
5. sanitise the body HTML and derive the plain text from that same HTML, so text and HTML
   always say the same thing.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass

import lxml.html
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.core import determine_returnstring
from trafilatura.metadata import Document
from trafilatura.settings import Extractor

from tidings.extract.encoding import decode_html, with_valid_strings
from tidings.extract.figure import LeadImage, find_lead_image, split_credit
from tidings.extract.metadata import PageMetadata, read_metadata
from tidings.extract.sanitize import html_to_text, sanitize_html, text_to_html
from tidings.extract.scoring import shingles
from tidings.extract.types import ExtractedArticle
from tidings.extract.visible import prepare_for_extraction
from tidings.text import text_key, valid_unicode

# split_credit lives with the figure code; callers that caption feed images find it here.
__all__ = ["extract_article", "split_credit"]

# Lines that introduce links to other stories, not part of this one.
_PROMO_LINE = re.compile(
    r"^(?:read more|read also|related(?: stories| articles| coverage| content)?|see also|"
    r"more on this|more from|also read|don'?t miss|recommended|you may also like|"
    r"you might also like|most read|trending|advertisement|sponsored|click to tweet|"
    r"follow us|sign up|subscribe)\b[\s:!.…-]*",
    re.IGNORECASE,
)
# The first words of _PROMO_LINE, after any spaces and table-cell bars.
_PROMO_FIRST_WORD = re.compile(
    r"[\s|]*(?:read|related|see|more|also|don|recommended|you|most|trending|advertisement|"
    r"sponsored|click|follow|sign|subscribe)",
    re.IGNORECASE,
)
_COOKIE_WORDS = re.compile(
    r"\b(?:cookies?|consent|gdpr|privacy (?:policy|settings)|our partners|personal data|"
    r"accept all|manage (?:options|preferences|settings)|legitimate interest|opt[- ]out)\b",
    re.IGNORECASE,
)
# Consent walls are short; a longer text that mentions cookies is a story about them.
_COOKIE_WALL_MAX_WORDS = 300
# A paragraph at least this long is prose, not a label or a link.
_PROSE_CHARS = 80
# An extraction with less than this share of the page's JSON-LD articleBody missed some.
_STATED_BODY_COVERAGE = 0.5


@dataclass(frozen=True)
class _Candidate:
    """One extractor's opinion of the body, as HTML from trafilatura."""

    html: str
    text: str


def extract_article(
    html: bytes | str, url: str | None = None, *, charset: str | None = None
) -> ExtractedArticle:
    """Readable text, sanitised HTML, metadata and lead image of an article page.

    ``charset`` is the one named by the HTTP Content-Type, if any; it beats <meta>.
    A page without an article (a cookie wall, an index page) gives empty text and HTML
    but keeps whatever metadata the page stated.
    """
    page = decode_html(html, charset) if isinstance(html, bytes) else valid_unicode(html)
    tree = _parse(page)
    if tree is None:
        return ExtractedArticle(canonical_url=url or "")
    metadata = read_metadata(tree, url)
    base_url = url or metadata.canonical_url or None
    lead = find_lead_image(tree, metadata, base_url)
    link_texts = {text_key(link.text_content()) for link in tree.iter("a")}
    body_html = _extract_body(tree, metadata, base_url)  # changes the tree
    safe_html = sanitize_html(body_html, base_url) if body_html else ""
    safe_html = _without_repeats(safe_html, metadata.title, lead)
    text = html_to_text(safe_html)
    if _is_cookie_wall(text) or not _has_prose(body_html, link_texts):
        safe_html, text = "", ""
    article = ExtractedArticle(
        title=metadata.title,
        text=text,
        html=safe_html,
        author=metadata.author,
        published=metadata.published,
        updated=metadata.updated,
        language=metadata.language,
        canonical_url=metadata.canonical_url or (url or ""),
        description=metadata.description,
        image_url=lead.url,
        image_caption=lead.caption,
        image_credit=lead.credit,
    )
    return with_valid_strings(article)


def _parse(page: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that still declares its byte encoding.
    page = re.sub(r"^\s*<\?xml[^>]*\?>", "", page)
    if not page.strip():
        return None
    try:
        return lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None


def _extract_body(tree: lxml.html.HtmlElement, metadata: PageMetadata, url: str | None) -> str:
    """The body as HTML (trafilatura's, or the page's JSON-LD articleBody as a last resort).

    1. trafilatura on the page without what readers cannot see (taken out of ``tree``);
    2. if the page splits its body into sibling chunks and trafilatura took only the
       first, trafilatura again on the chunks alone;
    3. if that covers less than half of the JSON-LD articleBody the page states, the
       recall-minded trafilatura; if that falls short too (a page drawn by script, say),
       the articleBody itself, which is also kept for its paragraphs when trafilatura
       returns the same text run together.
    """
    prepare_for_extraction(tree)
    candidate = _trafilatura(tree, url, favor_recall=False)
    chunks = _body_chunks(tree, candidate)
    if chunks:
        rejoined = _trafilatura(_document_of(chunks), url, favor_recall=False)
        if len(rejoined.text) > len(candidate.text):
            candidate = rejoined
    stated = shingles(metadata.article_body)
    if not stated:
        return candidate.html
    if _coverage(candidate, stated) < _STATED_BODY_COVERAGE:
        candidate = _trafilatura(tree, url, favor_recall=True)
        if _coverage(candidate, stated) < _STATED_BODY_COVERAGE:
            return _stated_body_html(metadata.article_body)
    if _is_stated_body_run_together(candidate, metadata.article_body, stated):
        return _stated_body_html(metadata.article_body)
    return candidate.html


def _is_stated_body_run_together(
    candidate: _Candidate, body: str, stated: Counter[tuple[str, ...]]
) -> bool:
    """Whether trafilatura's own fallback returned the JSON-LD articleBody as one block
    (it does on pages drawn by script), losing the paragraphs the body's lines give."""
    found = shingles(candidate.text)
    same = sum((found & stated).values())
    return (
        same >= 0.95 * sum(stated.values())
        and same >= 0.95 * sum(found.values())
        and candidate.text.count("\n\n") < body.count("\n")
    )


def _stated_body_html(body: str) -> str:
    """A JSON-LD articleBody as HTML: some publishers put markup in it, most plain text
    with one line per paragraph. (extract_article sanitises either.)"""
    if re.search(r"</?(?:p|br|div)\b", body, re.IGNORECASE):
        return body
    return text_to_html("\n\n".join(line.strip() for line in body.splitlines() if line.strip()))


def _coverage(candidate: _Candidate, stated: Counter[tuple[str, ...]]) -> float:
    """Share of the stated body's shingles that the candidate's text has."""
    return sum((shingles(candidate.text) & stated).values()) / sum(stated.values())


def _body_chunks(
    prepared: lxml.html.HtmlElement, candidate: _Candidate
) -> list[lxml.html.HtmlElement]:
    """The containers of an article body that the page splits into sibling chunks (between
    ads, say), when trafilatura took only the first; else an empty list.

    1. Find the page's paragraphs that trafilatura kept, and the element holding them all.
    2. Going up at most three levels, look for siblings of the same tag and class that
       hold paragraphs of their own: the rest of the body.
    """
    kept = {text_key(part) for part in candidate.text.split("\n\n") if len(part) >= _PROSE_CHARS}
    sources = [p for p in prepared.iter("p") if text_key(p.text_content()) in kept]
    if len(sources) < 2:
        return []
    holder = _common_ancestor(sources)
    for _ in range(3):
        if holder is None or holder.tag in {"body", "html"} or not holder.get("class"):
            return []
        parent = holder.getparent()
        if parent is None:
            return []
        alike = [
            sibling
            for sibling in parent
            if sibling.tag == holder.tag and sibling.get("class") == holder.get("class")
        ]
        if any(
            _prose_chars(sibling) >= 2 * _PROSE_CHARS for sibling in alike if sibling is not holder
        ):
            return alike
        holder = parent
    return []


def _common_ancestor(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    paths = [[*reversed(list(element.iterancestors())), element] for element in elements]
    common = None
    for level in zip(*paths, strict=False):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    return common


def _prose_chars(element: lxml.html.HtmlElement) -> int:
    lengths = (len(p.text_content().strip()) for p in element.iter("p"))
    return sum(length for length in lengths if length >= _PROSE_CHARS)


def _document_of(chunks: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement:
    """A page holding only the chunks, in order, without the classes that made trafilatura
    stop after the first one (it takes the first element its body patterns match)."""
    document = lxml.html.document_fromstring("<html><body><article></article></body></html>")
    article = document.find(".//article")
    for chunk in chunks:
        chunk = copy.deepcopy(chunk)
        chunk.tail = None
        for paragraph in chunk.iter("p"):
            for ancestor in paragraph.iterancestors():  # up to the chunk, now a root
                ancestor.attrib.pop("class", None)
                ancestor.attrib.pop("id", None)
        article.append(chunk)
    return document


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, *, favor_recall: bool) -> _Candidate:
    """trafilatura.extract as HTML, without the content fingerprint (a Simhash of the whole
    text) that extract computes for every HTML result and we never read. trafilatura works
    on its own copy of the tree.

    In its fast mode: trafilatura's second opinions (readability, then jusText) cost a
    fifth of extraction and changed none of the 54 benchmark pages, where
    _extract_body's own second opinions (the chunks, the recall-minded run, the page's
    JSON-LD body) already do that work."""
    options = Extractor(
        fast=True,
        output_format="html",
        comments=False,
        tables=True,
        links=True,
        images=False,
        recall=favor_recall,
        url=url,
    )
    document = bare_extraction(tree, options=options)
    if not isinstance(document, Document):  # None: nothing found
        return _Candidate("", "")
    result = determine_returnstring(document, options)
    if not result:
        return _Candidate("", "")
    return _Candidate(result, html_to_text(result))


def _without_repeats(html: str, title: str, lead: LeadImage) -> str:
    """The body without the headline, the caption and promo lines it may have picked up."""
    if not html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    title_key = text_key(title)
    caption_keys = {
        text_key(part) for part in (lead.caption, f"{lead.caption} {lead.credit}", lead.credit)
    }
    caption_keys.discard("")
    in_promo_list = False
    for index, block in enumerate(list(root)):
        key = text_key(block.text_content())
        if not key:
            continue
        if in_promo_list and _is_all_link(block):
            block.drop_tree()
            continue
        in_promo_list = False
        if (index < 3 and key == title_key) or key in caption_keys:
            block.drop_tree()
        elif _is_promo(block):
            # A bare "You may also like..." heads a list of links to other stories.
            in_promo_list = not _PROMO_LINE.sub("", _block_text(block), count=1)
            block.drop_tree()
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _is_promo(block: lxml.html.HtmlElement) -> bool:
    # The block's text as html_to_text gives it starts with the same word as its bare text
    # content: a cheap test first, as most blocks are prose.
    if not _PROMO_FIRST_WORD.match(block.text_content()):
        return False
    text = _block_text(block)
    if not _PROMO_LINE.match(text):
        return False
    rest = _PROMO_LINE.sub("", text, count=1)
    # "Read more: <a>another story</a>" or a bare "Advertisement": a pointer, not prose.
    linked = "".join(link.text_content() for link in block.iter("a")).strip()
    return not rest.strip() or (bool(linked) and len(linked) >= 0.6 * len(rest.strip()))


def _block_text(block: lxml.html.HtmlElement) -> str:
    """The block's text with its line breaks, so "DON'T MISS<br>..." keeps its words apart."""
    return html_to_text(lxml.html.tostring(block, encoding="unicode"))


def _is_all_link(block: lxml.html.HtmlElement) -> bool:
    text = text_key(block.text_content())
    linked = "".join(text_key(link.text_content()) for link in block.iter("a"))
    return bool(text) and len(linked) >= 0.9 * len(text)


def _has_prose(body_html: str, link_texts: set[str]) -> bool:
    """Whether a block of the extracted body is prose once the lines that are the text
    of one of the page's links are set aside: index pages and menus are lists of links,
    and an article has at least one paragraph of its own words. Lines matter because
    trafilatura's fallbacks keep a menu's items on lines of their own inside one block.
    Length is counted in letters, not words, for languages written without spaces."""
    if not body_html.strip():
        return False
    root = lxml.html.fromstring(body_html)
    for block in root.iter("p", "li", "blockquote", "td", "pre", "div", "body"):
        own = [text_key(line) for line in block.text_content().splitlines()]
        if sum(len(key) for key in own if key not in link_texts) >= _PROSE_CHARS:
            return True
    return False


def _is_cookie_wall(text: str) -> bool:
    """Short text that is mostly about cookies and consent: a wall, not an article.

    trafilatura leaves out consent banners beside an article; this catches the pages
    that are nothing but the wall."""
    words = len(text.split())
    if words == 0 or words > _COOKIE_WALL_MAX_WORDS:
        return False
    return len(_COOKIE_WORDS.findall(text)) >= max(3, words // 25)
