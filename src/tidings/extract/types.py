"""What extraction finds in an article page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class ExtractedArticle:
    title: str = ""
    text: str = ""  # plain text, paragraphs separated by one blank line
    html: str = ""  # sanitised body HTML (<p>, <h2>, <blockquote>, <ul>...; no scripts)
    author: str = ""
    published: datetime | None = None  # timezone-aware when the page says so
    updated: datetime | None = None
    language: str = ""
    canonical_url: str = ""  # from <link rel=canonical> / og:url, absolute
    description: str = ""
    image_url: str = ""  # the lead image, absolute
    image_caption: str = ""
    image_credit: str = ""  # "AFP-JIJI", separated from the caption

    @property
    def word_count(self) -> int:
        return len(self.text.split())
