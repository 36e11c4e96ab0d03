"""Each demo outlet's RSS 2.0 feed. The items carry only a teaser, so that the pipeline
has to fetch each page and extract it, as it would for a real publisher."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree

from tidings.demo.outlets import Outlet, teaser
from tidings.demo.pages import article_path

_ATOM_NS = "http://www.w3.org/2005/Atom"
ElementTree.register_namespace("atom", _ATOM_NS)


def feed_xml(outlet: Outlet, base_url: str) -> bytes:
    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    _text(channel, "title", outlet.name)
    _text(channel, "link", f"{base_url}/outlets/{outlet.slug}/")
    _text(channel, "description", outlet.description)
    _text(channel, "language", outlet.language)
    _text(channel, "lastBuildDate", _rfc822(outlet.stories[0].published))
    _text(channel, "generator", "tidings demo")
    ElementTree.SubElement(
        channel,
        f"{{{_ATOM_NS}}}link",
        href=f"{base_url}/feeds/{outlet.slug}.xml",
        rel="self",
        type="application/rss+xml",
    )
    for story in outlet.stories:
        link = story.external_url or base_url + article_path(outlet, story)
        item = ElementTree.SubElement(channel, "item")
        _text(item, "title", story.title)
        _text(item, "link", link)
        _text(item, "guid", link).set("isPermaLink", "true")
        _text(item, "pubDate", _rfc822(story.published))
        if story.paragraphs:
            _text(item, "description", teaser(story.paragraphs))
        for tag in story.tags:
            _text(item, "category", tag)
    ElementTree.indent(rss)
    return ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = text
    return element


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)
