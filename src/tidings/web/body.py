"""An article's body for its page, with paragraphs and sentences anchored.

Paragraph ``n`` of the plain text is ``id="p-<n>"`` (summaries and facts link there);
sentence ``n`` (as ``enrich.sentences.split_sentences`` counts them over the whole text)
is a ``<span class="sentence" id="s-<n>">``, where the AI panel's citations point, and
the stylesheet highlights the one a link targets. The sanitised HTML keeps links and
emphasis: each paragraph's sentences are found in its text, and a sentence whose edge
falls inside a link or emphasis takes the whole of that element. A block whose text does
not hold its sentences as the plain text has them is shown as plain text.
"""

from __future__ import annotations

from itertools import pairwise

import lxml.html
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from lxml.etree import Element

from tidings.articles.models import Article
from tidings.enrich.sentences import Sentence, split_sentences

BODY_BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "pre", "table"}
# Blocks whose sentences are wrapped in place; in lists, tables and code the sentence
# anchors are empty marks at the block's start.
PROSE_BLOCKS = {"p", "h2", "h3", "h4", "blockquote"}


def numbered_body(article: Article) -> SafeString:
    paragraphs = article.paragraphs
    sentences: list[list[tuple[int, Sentence]]] = [[] for _ in paragraphs]
    for number, sentence in enumerate(split_sentences(article.text)):
        sentences[sentence.paragraph].append((number, sentence))
    if article.content_html:
        fragment = lxml.html.fragment_fromstring(article.content_html, create_parent="div")
        blocks = [child for child in fragment if child.tag in BODY_BLOCKS]
        if len(blocks) == len(paragraphs) == len(fragment) and not (fragment.text or "").strip():
            for number, block in enumerate(blocks):
                block.set("id", f"p-{number}")
                _anchor(block, sentences[number])
            return mark_safe(
                "".join(lxml.html.tostring(block, encoding="unicode") for block in blocks)
            )
    return mark_safe(
        "".join(f'<p id="p-{n}">{_plain_sentences(found)}</p>' for n, found in enumerate(sentences))
    )


def _plain_sentences(sentences: list[tuple[int, Sentence]]) -> str:
    return " ".join(
        f'<span class="sentence" id="s-{number}">{escape(sentence.text)}</span>'
        for number, sentence in sentences
    )


def _anchor(block, sentences: list[tuple[int, Sentence]]) -> None:
    """Wrap each sentence of ``block`` in its anchor span, in place."""
    if block.tag not in PROSE_BLOCKS:
        for number, _sentence in reversed(sentences):
            block.insert(0, _span(number, "sentence-mark"))
            block[0].tail, block.text = block.text, None
        return
    content = block.text_content()
    spans = []
    cursor = 0
    for number, sentence in sentences:
        at = content.find(sentence.text, cursor)
        if at < 0:
            _replace_with_plain(block, sentences)
            return
        spans.append((number, at, at + len(sentence.text)))
        cursor = at + len(sentence.text)
    pieces = _pieces(block, [edge for _n, start, end in spans for edge in (start, end)])
    _rebuild(
        block,
        [(_owner(spans, start, end, is_text), piece) for piece, start, end, is_text in pieces],
    )
    present = {
        int(span.get("id")[2:])
        for span in block.iter("span")
        if span.get("id", "").startswith("s-")
    }
    for number, _start, _end in spans:
        if number not in present:  # wholly inside a link that an earlier sentence took
            block.append(_span(number, "sentence-mark"))


def _pieces(block, edges: list[int]):
    """The block's text and child elements in order as (piece, start, end, is_text), text
    cut at ``edges`` (offsets into the block's text)."""
    pieces = []
    offset = 0

    def add_text(text: str | None) -> None:
        nonlocal offset
        if not text:
            return
        cuts = sorted(
            {0, len(text), *(e - offset for e in edges if offset < e < offset + len(text))}
        )
        for a, b in pairwise(cuts):
            pieces.append((text[a:b], offset + a, offset + b, True))
        offset += len(text)

    add_text(block.text)
    for child in list(block):
        tail = child.tail
        child.tail = None
        length = len(child.text_content())
        pieces.append((child, offset, offset + length, False))
        offset += length
        add_text(tail)
    return pieces


def _owner(spans: list[tuple[int, int, int]], start: int, end: int, is_text: bool) -> int | None:
    """The sentence a piece belongs to: the one holding its start (an element: else the
    one holding its end)."""
    for number, a, b in spans:
        if a <= start < b or (not is_text and a < end <= b):
            return number
    return None


def _rebuild(block, owned: list[tuple[int | None, object]]) -> None:
    for child in list(block):
        block.remove(child)
    block.text = None
    current = None
    for number, piece in owned:
        if number is None:
            current = None
            parent = block
        else:
            if current is None or current.get("id") != f"s-{number}":
                current = _span(number, "sentence")
                block.append(current)
            parent = current
        if isinstance(piece, str):
            _append_text(parent, piece)
        else:
            parent.append(piece)


def _append_text(parent, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _span(number: int, css_class: str):
    span = Element("span")
    span.set("class", css_class)
    span.set("id", f"s-{number}")
    return span


def _replace_with_plain(block, sentences: list[tuple[int, Sentence]]) -> None:
    for child in list(block):
        block.remove(child)
    block.text = None
    for index, (number, sentence) in enumerate(sentences):
        span = _span(number, "sentence")
        span.text = sentence.text
        span.tail = " " if index < len(sentences) - 1 else None
        block.append(span)
