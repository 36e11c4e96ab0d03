"""The demo's outlets and their stories, from each of the three sources.

1. Wikinews and Global Voices articles (CC BY), full text, with local article pages.
2. UCI News Aggregator headlines (CC BY 4.0): one outlet per publisher, with
   headline-only items that link to the real publishers' pages, which cannot be fetched
   offline.
3. The seed page's four articles, only when a seed folder is given (development and
   tests). Their text belongs to their publishers, so it is read from that folder at
   run time and never bundled.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.utils.text import slugify

from tidings.demo.bundle import CORPUS2_FILE, CORPUS_FILE, HEADLINES_FILE, read_jsonl_gz

# The seed's related cards say "Japan Times"; the main article's outlet is assumed to be
# The Japan Times, and both belong in one feed.
_SEED_OUTLET_NAMES = {"Japan Times": "The Japan Times"}


@dataclass(frozen=True)
class Figure:
    caption: str
    credit: str
    after_paragraph: int  # the figure follows this many body paragraphs


@dataclass(frozen=True)
class Credit:
    """What the page footer must say about where the text came from."""

    text: str  # attribution sentence, plain text
    licence: str = ""  # "CC BY 2.5"; empty when the text is not openly licensed
    original_url: str = ""


@dataclass(frozen=True)
class Story:
    key: str  # unique within its outlet; names the local page
    title: str
    published: datetime
    published_iso: str  # as precise as the source: a date alone stays a date
    paragraphs: tuple[str, ...] = ()  # empty for headline-only items
    author: str = ""
    tags: tuple[str, ...] = ()
    figure: Figure | None = None
    credit: Credit | None = None
    external_url: str = ""  # headline-only items link to the real publisher

    @property
    def has_page(self) -> bool:
        return not self.external_url


@dataclass
class Outlet:
    name: str
    description: str
    language: str = "en"
    stories: list[Story] = field(default_factory=list)
    # Names the outlet's feed and pages. Only the whole list of outlets can tell whether
    # a name's slug is taken, so build_demo_site sets it with outlet_slugs().
    slug: str = ""


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z0-9])")


def teaser(paragraphs: tuple[str, ...]) -> str:
    """The feed's description: the first paragraph, or the first sentence when the story
    is a single paragraph, so that the full text is only on the page."""
    first = paragraphs[0]
    if len(paragraphs) > 1:
        return first
    sentences = _SENTENCE_END.split(first, maxsplit=1)
    return sentences[0]


def corpus_outlets(paths: tuple[Path, ...] = (CORPUS_FILE, CORPUS2_FILE)) -> list[Outlet]:
    """Wikinews (English, French, Japanese), Global Voices and U.S. government releases,
    one outlet each, full text with figure captions."""
    outlets: dict[str, Outlet] = {}
    for record in (record for path in paths for record in read_jsonl_gz(path)):
        outlet = outlets.setdefault(
            record["outlet"],
            Outlet(
                record["outlet"],
                f"{record['outlet']} articles ({record['license']})",
                record.get("language", "en"),
            ),
        )
        figure = None
        if record["image_caption"]:
            credit = record["image_credit"] or ""
            figure = Figure(caption_without(record["image_caption"], credit), credit, 1)
        outlet.stories.append(
            Story(
                key=record["id"],
                title=record["title"],
                published=_as_utc(record["published"]),
                published_iso=_iso(record["published"]),
                paragraphs=tuple(p.strip() for p in record["body"].split("\n\n") if p.strip()),
                author=record["author"],
                tags=tuple(record["tags"]),
                figure=figure,
                credit=Credit(
                    record["attribution"] + " Converted to plain text, then to HTML.",
                    record["license"],
                    record["url"],
                ),
            )
        )
    return list(outlets.values())


def uci_outlets(path: Path = HEADLINES_FILE) -> list[Outlet]:
    """The UCI headlines, one outlet per publisher, the busiest first.

    Ingest takes a feed's title as the outlet of all its items, so publishers cannot
    share a feed without being credited under the shared feed's name."""
    by_publisher: dict[str, list[dict]] = {}
    for record in read_jsonl_gz(path):
        by_publisher.setdefault(record["outlet"], []).append(record)
    ranked = sorted(by_publisher, key=lambda name: (-len(by_publisher[name]), name))
    outlets = []
    for name in ranked:
        outlet = Outlet(
            name,
            f"{name} headlines from the UCI News Aggregator data set (CC BY 4.0), 10-12 March 2014",
        )
        outlet.stories = [_headline(record) for record in by_publisher[name]]
        outlets.append(outlet)
    return outlets


def _headline(record: dict) -> Story:
    return Story(
        key=record["url"],
        title=record["title"],
        published=_as_utc(record["published"]),
        published_iso=record["published"],
        external_url=record["url"],
    )


def seed_outlets(articles_json: Path) -> tuple[list[Outlet], str]:
    """The seed page's four articles, for development and tests only (never bundled), and
    the main article's headline."""
    seed = json.loads(articles_json.read_text(encoding="utf-8"))
    outlets: dict[str, Outlet] = {}

    def outlet_named(name: str) -> Outlet:
        name = _SEED_OUTLET_NAMES.get(name, name)
        return outlets.setdefault(name, Outlet(name, f"{name} (seed copy, development only)"))

    not_ours = Credit("Text © its publisher; a local development copy, not for redistribution.")
    main = seed["main"]
    image = main.get("image")
    outlet_named(main["outlet"]).stories.append(
        Story(
            key=slugify(main["title"]),
            title=main["title"],
            published=_as_utc(main["published"]),
            published_iso=main["published"],
            paragraphs=tuple(main["paragraphs"]),
            figure=Figure(image["caption"], image["credit"], image["after_paragraph"])
            if image
            else None,
            credit=not_ours,
        )
    )
    for related in seed["related"]:
        outlet_named(related["outlet"]).stories.append(
            Story(
                key=slugify(related["title"]),
                title=related["title"],
                published=_as_utc(related["published"]),
                published_iso=related["published"],
                paragraphs=(related["text"],),
                # The seed's by-line ("- NHK") is how its outlet signs; the page says so.
                author=related.get("byline", "").removeprefix("- ").strip(),
                credit=not_ours,
            )
        )
    return list(outlets.values()), main["title"]


def one_outlet_per_name(outlets: list[Outlet]) -> list[Outlet]:
    """Merge outlets of the same name, in first-seen order: The Japan Times is both a seed
    outlet and a UCI publisher, and one publisher has one feed."""
    merged: dict[str, Outlet] = {}
    for outlet in outlets:
        same = merged.setdefault(outlet.name, outlet)
        if same is not outlet:
            same.stories += outlet.stories
            same.description = f"{same.description}; {outlet.description}"
    return list(merged.values())


def _as_utc(value: str) -> datetime:
    """Parse an ISO date or datetime; the sources without a zone are UTC."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _iso(value: str) -> str:
    """The published time for pages, as precise as the source and marked as UTC."""
    if "T" not in value or value.endswith("Z") or "+" in value:
        return value
    return value + "Z"


def outlet_slugs(names: list[str]) -> list[str]:
    """A URL slug for each outlet name, in order, unique among them.

    A name keeps its plain slug unless the slug is empty (a name in non-Latin script or
    only punctuation) or other names share it; then each such name gets a short hash of
    itself appended, so its slug does not depend on the order of the names. Identical
    names cannot be told apart and raise ValueError, as would a hash collision."""
    plain = [slugify(name) for name in names]
    uses = Counter(plain)
    slugs = [
        slug if slug and uses[slug] == 1 else f"{slug or 'outlet'}-{_short_hash(name)}"
        for name, slug in zip(names, plain, strict=True)
    ]
    uses = Counter(slugs)
    clashes = sorted({name for name, slug in zip(names, slugs, strict=True) if uses[slug] > 1})
    if clashes:
        raise ValueError(f"demo outlets whose names give the same URL slug: {clashes}")
    return slugs


def _short_hash(name: str) -> str:
    return hashlib.blake2b(name.encode(), digest_size=4).hexdigest()


def caption_without(caption: str, credit: str) -> str:
    """The corpus keeps some credits inside the caption too ("..., Image by X"); a page
    shows each once."""
    stripped = caption.strip()
    if credit and stripped.rstrip(".").endswith(credit.rstrip(".")):
        stripped = stripped.rstrip(".")[: -len(credit.rstrip("."))].rstrip(" ,;:-")
    return stripped
