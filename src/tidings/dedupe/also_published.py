"""The article page's "Also published by": the other outlets' copies of the article shown,
and what each of them changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.dedupe.diff import Change, Segment, diff_line, diff_texts
from tidings.dedupe.signatures import similarity

if TYPE_CHECKING:
    from tidings.articles.models import Article


@dataclass(frozen=True)
class CopyOnPage:
    """Another outlet's copy of the article shown, and what that outlet changed."""

    article: Article
    similarity: float
    headline: tuple[Segment, ...] | None  # word changes of the headline; None when the same
    changes: list[Change]

    @property
    def same_text(self) -> bool:
        return all(change.kind == "same" for change in self.changes)

    @property
    def is_first(self) -> bool:
        """The earliest of the group: the one every other copy points to."""
        return self.article.copy_of_id is None


# A wire story can be at dozens of outlets; the page shows the earliest ones.
MAX_COPIES_SHOWN = 12
# Links are followed at most this far, so a damaged chain cannot loop.
MAX_HOPS = 20


def copy_group(article: Article) -> list[Article]:
    """The article's copies and the copies of those, earliest first, without the article."""
    from tidings.articles.models import Article

    root = article
    seen = {article.pk}
    for _ in range(MAX_HOPS):
        if root.copy_of_id is None or root.copy_of_id in seen:
            break
        parent = Article.objects.filter(pk=root.copy_of_id).first()
        if parent is None:
            break
        root = parent
        seen.add(root.pk)
    members = {root.pk}
    frontier = [root.pk]
    for _ in range(MAX_HOPS):
        if not frontier:
            break
        frontier = list(
            Article.objects.filter(copy_of__in=frontier)
            .exclude(pk__in=members)
            .values_list("pk", flat=True)
        )
        members.update(frontier)
    members.discard(article.pk)
    return list(
        Article.objects.filter(pk__in=members)
        .select_related("source")
        .order_by("published_at", "pk")[:MAX_COPIES_SHOWN]
    )


def copies_for_page(article: Article) -> list[CopyOnPage]:
    """For "Also published by": each other copy with what its outlet changed, compared with
    the article shown (added words are theirs, removed words are ours)."""
    if article.copy_of_id is None and not article.copies.exists():
        return []
    shown = []
    for other in copy_group(article):
        headline = None
        if other.title.strip() != article.title.strip():
            headline = tuple(diff_line(article.title, other.title))
        shown.append(
            CopyOnPage(
                article=other,
                similarity=similarity(article.text, other.text),
                headline=headline,
                changes=diff_texts(article.text, other.text),
            )
        )
    return shown
