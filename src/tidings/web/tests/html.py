"""Reading rendered pages the way a browser would: tags, attributes and text."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

URL_ATTRIBUTES = ("src", "href", "srcset", "action", "poster", "data")


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def plain(self) -> str:
        """The text as a reader sees it: runs of spaces (non-breaking too) as one space."""
        return " ".join(self.text.split())


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[Tag] = []
        self._open: list[Tag] = []

    def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = Tag(name, {key: value or "" for key, value in attrs})
        self.tags.append(tag)
        if name not in {"img", "link", "meta", "br", "hr", "input", "source"}:
            self._open.append(tag)

    def handle_endtag(self, name: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].name == name:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            tag.text += data

    def find_all(self, name: str, **attrs: str) -> list[Tag]:
        return [
            tag
            for tag in self.tags
            if tag.name == name
            and all(
                has_value(tag.attrs.get(key.rstrip("_"), ""), value) for key, value in attrs.items()
            )
        ]

    def find(self, name: str, **attrs: str) -> Tag:
        found = self.find_all(name, **attrs)
        assert found, f"no <{name}> with {attrs}"
        return found[0]

    def headings(self) -> list[tuple[int, str]]:
        return [
            (int(tag.name[1]), tag.plain)
            for tag in self.tags
            if tag.name in {"h1", "h2", "h3", "h4", "h5", "h6"}
        ]

    def external_hosts(self) -> set[str]:
        """Every other host an attribute of this page points at."""
        hosts = set()
        for tag in self.tags:
            for name in URL_ATTRIBUTES:
                for url in tag.attrs.get(name, "").replace(",", " ").split():
                    parts = urlsplit(url)
                    if parts.scheme in {"http", "https"} or url.startswith("//"):
                        hosts.add(parts.hostname or "")
        return hosts


def has_value(actual: str, wanted: str) -> bool:
    """An attribute equal to ``wanted``, or a class list holding it."""
    return actual == wanted or wanted in actual.split()


def parse(response) -> Page:
    page = Page()
    page.feed(response.content.decode())
    page.close()
    return page


def text_of(response) -> str:
    """The page's visible text with whitespace collapsed."""
    return parse(response).find("body").plain
