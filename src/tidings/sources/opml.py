"""OPML subscription lists, in and out. Pure: bytes to outlines and back, no database.

An OPML file comes from whoever uploads it, so it is read as hostile XML: no external DTD
is loaded, nothing is fetched from the network or read from disk, entities are not
substituted, and a file that declares entities at all (a "billion laughs" payload, or an
external entity pointing at a local file) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.etree


class OpmlError(ValueError):
    """The file is not OPML we can read; the message says why."""


@dataclass
class OpmlOutline:
    url: str  # the feed (xmlUrl)
    title: str = ""
    site_url: str = ""  # htmlUrl
    category: str = ""  # the folder it was in, "" at the top level


# Control characters are not allowed in XML 1.0, even escaped.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# An "&" that starts no entity or character reference: hand-edited and some exported files
# leave them in titles and in feed URLs' query strings.
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9._-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")


# Slips that lose nothing, which hand-made and exported files are full of: an HTML entity
# (&nbsp;) and bytes in another encoding than the one declared. Any other error is damage.
_FORGIVEN = {"ERR_UNDECLARED_ENTITY", "WAR_UNDECLARED_ENTITY", "ERR_INVALID_ENCODING"}


def parse_opml(data: bytes) -> list[OpmlOutline]:
    """Every feed in the file, each once, with the folder it sits in as its category.

    Folders may nest; a feed takes the name of its nearest folder. Outlines without an
    ``xmlUrl`` are folders or notes, not feeds. Readers disagree on the case of attribute
    names (``xmlUrl``, ``xmlurl``), so names are matched without case.
    """
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        # Left alone, the forgiving parser would drop them and turn "?a=1&b=2" into "?a=1b=2".
        root = lxml.etree.fromstring(_BARE_AMPERSAND.sub(b"&amp;", data), parser)
    except lxml.etree.XMLSyntaxError as error:
        raise OpmlError(f"This is not an OPML file: {error}") from None
    if root is None or _local(root) != "opml":
        raise OpmlError("This is not an OPML file: its root element is not <opml>.")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # OPML never needs entities; a file that declares them is an attack or a mistake.
        raise OpmlError("This OPML file declares XML entities, which OPML never uses; refused.")
    broken = next((e for e in parser.error_log if e.type_name not in _FORGIVEN), None)
    if broken is not None:
        # A cut-off or mangled file would lose the feeds after the damage without a word.
        raise OpmlError(f"This OPML file is broken at line {broken.line}: {broken.message}.")
    outlines: list[OpmlOutline] = []
    seen: set[str] = set()
    for element in root.iter("outline"):
        attributes = {name.lower(): (value or "").strip() for name, value in element.items()}
        url = attributes.get("xmlurl", "")
        if not _is_http(url) or url in seen:
            continue
        seen.add(url)
        outlines.append(
            OpmlOutline(
                url=url,
                title=attributes.get("title") or attributes.get("text", ""),
                site_url=attributes.get("htmlurl", "")
                if _is_http(attributes.get("htmlurl", ""))
                else "",
                category=_folder_of(element) or _category_attribute(attributes.get("category", "")),
            )
        )
    return outlines


def render_opml(outlines: Iterable[OpmlOutline], title: str) -> bytes:
    """An OPML 2.0 document in UTF-8, one folder per category, in the order first seen."""
    root = lxml.etree.Element("opml", version="2.0")
    head = lxml.etree.SubElement(root, "head")
    lxml.etree.SubElement(head, "title").text = _clean(title)
    body = lxml.etree.SubElement(root, "body")
    folders: dict[str, lxml.etree._Element] = {}
    for outline in outlines:
        parent = body
        category = _clean(outline.category)
        if category:
            if category not in folders:
                folders[category] = lxml.etree.SubElement(
                    body, "outline", text=category, title=category
                )
            parent = folders[category]
        name = _clean(outline.title) or outline.url
        feed = lxml.etree.SubElement(parent, "outline", type="rss", text=name, title=name)
        feed.set("xmlUrl", _clean(outline.url))
        if outline.site_url:
            feed.set("htmlUrl", _clean(outline.site_url))
    return lxml.etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _folder_of(element) -> str:
    """The text of the nearest enclosing outline that is a folder (has no feed of its own)."""
    for ancestor in element.iterancestors("outline"):
        names = {name.lower(): (value or "").strip() for name, value in ancestor.items()}
        if "xmlurl" not in names:
            return names.get("text") or names.get("title", "")
    return ""


def _category_attribute(value: str) -> str:
    """OPML 2.0's ``category="/News/Local,/Other"``: the last step of the first path."""
    first = value.split(",")[0].strip()
    return first.rstrip("/").rsplit("/", 1)[-1].strip()


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _clean(text: str) -> str:
    return _CONTROL_CHARS.sub("", text or "").strip()


def _local(element) -> str:
    return lxml.etree.QName(element).localname if isinstance(element.tag, str) else ""
