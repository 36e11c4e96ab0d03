"""An XML feed made safe to hand to feedparser: no entity bombs, and no more than ``limit``
items, found in one streaming pass that stops as soon as it knows.

feedparser's strict parser (expat) expands the entities a feed declares in its DOCTYPE: a
kilobyte of nested declarations ("billion laughs") becomes gigabytes, and padding makes a
megabyte cost a gigabyte of memory on every fetch. No feed format needs entities of its
own (RSS 0.91's external DTD declares none in the document), so, as the OPML reader does,
a document that declares any is refused before feedparser sees it.

feedparser also reads the whole document before we can take the first ``limit`` entries:
an archive dump of 100,000 items costs half a minute and most of a gigabyte. lxml's pull
parser counts the items as they stream by, without expanding or fetching anything; when
one more than ``limit`` begins, the tree built so far (the channel's own elements and the
first ``limit`` items) is serialised and handed on instead of the whole.
"""

from __future__ import annotations

import io

import lxml.etree

from tidings.parse.types import ParseError

ITEM_NAMES = frozenset({"item", "entry"})
ITEM_PARENTS = frozenset({"channel", "RDF", "feed"})
ENTITY_BOMB = (
    "This feed declares XML entities in its DOCTYPE. No feed format needs them, and they "
    "can make a small document expand to gigabytes (a 'billion laughs' attack), so the "
    "feed was refused unread."
)


def within_budget(xml: bytes, limit: int) -> tuple[bytes, bool]:
    """``xml`` itself, or its first ``limit`` items with what precedes them; and whether
    items were left out. Raises ParseError when the document declares entities."""
    reading = lxml.etree.iterparse(
        io.BytesIO(xml),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
    )
    root = None
    items = 0
    try:
        for event, element in reading:
            if root is None:
                root = element
                _refuse_entities(element)
                continue
            if not is_item(element):
                continue
            if event == "end":
                items += 1
            elif items >= limit:
                element.getparent().remove(element)
                return _serialised(root), True
    except lxml.etree.XMLSyntaxError:
        if root is None and b"<!ENTITY" in xml:
            raise ParseError(ENTITY_BOMB) from None
        # Broken XML goes to feedparser's forgiving reader as it is.
    return xml, False


def is_item(element) -> bool:
    """Whether ``element`` is a feed's item or entry (not one nested in something else)."""
    return local_name(element) in ITEM_NAMES and local_name(element.getparent()) in ITEM_PARENTS


def local_name(element) -> str:
    if element is None or not isinstance(element.tag, str):
        return ""
    return lxml.etree.QName(element).localname


def _refuse_entities(root) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError(ENTITY_BOMB)


def _serialised(root) -> bytes:
    return lxml.etree.tostring(root, encoding="utf-8", xml_declaration=True)
