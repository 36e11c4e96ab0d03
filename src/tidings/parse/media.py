"""Media RSS (``media:content``, ``media:thumbnail``...): the lead image of each entry.

feedparser keeps the URLs and sizes of Media RSS but not the caption and credit of each
image, and it reads ``media:description`` and ``media:title`` as if they were the entry's own
description and title: an item whose ``media:description`` comes before its ``description``
gets the photo caption as its summary. So when a feed uses Media RSS we read those elements
ourselves with lxml, one list of images per item in document order, and take the
``media:title`` and ``media:description`` out of items that have their own title or
description before feedparser sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree

from tidings.parse.budget import is_item, local_name
from tidings.parse.text import plain_text

MEDIA_NAMESPACES = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


@dataclass
class MediaImage:
    url: str
    width: int = 0
    height: int = 0
    caption: str = ""
    credit: str = ""
    thumbnail: bool = False  # a thumbnail loses to any full-size image, whatever its size

    @property
    def area(self) -> int:
        return self.width * self.height


@dataclass
class MediaReading:
    """The document with the colliding elements taken out, and each item's images."""

    xml: bytes
    images_by_item: list[list[MediaImage]]


def uses_media_rss(xml: bytes) -> bool:
    return b"search.yahoo.com/mrss" in xml


def read_media(xml: bytes) -> MediaReading | None:
    """Each item's images, or None when the document is not well-formed XML.

    A broken document goes to feedparser's forgiving parser untouched; the images it finds
    there then come without captions.
    """
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, strip_cdata=False
    )
    try:
        root = lxml.etree.fromstring(xml, parser)
    except lxml.etree.XMLSyntaxError:
        return None
    items = [element for element in root.iter(lxml.etree.Element) if is_item(element)]
    images_by_item = []
    for item in items:
        images_by_item.append(_images_of(item))
        _drop_colliding(item)
    xml = lxml.etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)
    return MediaReading(xml=xml, images_by_item=images_by_item)


def pick_image(images: list[MediaImage]) -> MediaImage | None:
    """The largest full-size image, else the largest thumbnail (first wins a tie)."""
    if not images:
        return None
    return max(images, key=lambda image: (not image.thumbnail, image.area))


def is_image(url: str, medium: str | None, mime_type: str | None) -> bool:
    if medium:
        return medium == "image"
    if mime_type:
        return mime_type.startswith("image/")
    return url.lower().split("?")[0].endswith(_IMAGE_SUFFIXES)


def dimension(value: str | None) -> int:
    try:
        return max(int(float(value or 0)), 0)
    except ValueError:
        return 0


def _images_of(item) -> list[MediaImage]:
    """Images of one item. Media RSS lets caption and credit sit on the image, on its
    ``media:group`` or on the item; the nearest one applies."""
    images = []
    for element in item.iter(lxml.etree.Element):
        if element.tag not in _media_tags("content", "thumbnail"):
            continue
        url = (element.get("url") or "").strip()
        thumbnail = local_name(element) == "thumbnail"
        if not url:
            continue
        if not thumbnail and not is_image(url, element.get("medium"), element.get("type")):
            continue
        images.append(
            MediaImage(
                url=url,
                width=dimension(element.get("width")),
                height=dimension(element.get("height")),
                caption=_nearest_text(element, item, "description", "title"),
                credit=_nearest_text(element, item, "credit"),
                thumbnail=thumbnail,
            )
        )
    return images


def _nearest_text(element, item, *names: str) -> str:
    """Text of the first of ``names`` found on ``element``, then on each parent up to ``item``."""
    wanted = _media_tags(*names)
    scope = element
    while scope is not None:
        for name in wanted:
            for child in scope.iterchildren(name):
                text = plain_text(child.text or "")
                if text:
                    return text
        if scope is item:
            break
        scope = scope.getparent()
    return ""


def _drop_colliding(item) -> None:
    children = item.iterchildren(lxml.etree.Element)
    own = {local_name(child) for child in children if not _is_media(child)}
    drop = set()
    if "title" in own:
        drop.add("title")
    if own & {"description", "summary", "content", "encoded"}:
        drop.add("description")
    if not drop:
        return
    for element in list(item.iter(*_media_tags(*drop))):
        element.getparent().remove(element)


def _media_tags(*names: str) -> list[str]:
    return [f"{{{namespace}}}{name}" for namespace in MEDIA_NAMESPACES for name in names]


def _is_media(element) -> bool:
    return lxml.etree.QName(element).namespace in MEDIA_NAMESPACES
