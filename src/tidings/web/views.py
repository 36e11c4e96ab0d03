"""Reader-facing pages. Each view parses the request, asks ``queries`` and renders."""

from __future__ import annotations

import lxml.html
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tidings.comments.context import comments_context
from tidings.dedupe.copies import copies_for_page
from tidings.dedupe.models import Article
from tidings.enrich.facts import facts_for_page
from tidings.enrich.models import Hashtag
from tidings.enrich.summary import summary_for_page
from tidings.sources.models import Source
from tidings.stories.related import related_articles
from tidings.web import queries

PAGE_SIZE = 30
RELATED_LIMIT = 6


def paginate(request: HttpRequest, rows: QuerySet) -> dict:
    """The ``?page=`` of ``rows`` and the page numbers to link to.

    A page number that is not a number, or beyond the last page, is a 404: it names a
    page that does not exist, and redirecting would hide broken links.
    """
    paginator = Paginator(rows, PAGE_SIZE)
    try:
        page: Page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("No such page.") from None
    page_numbers = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {"page": page, "page_numbers": list(page_numbers)}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "nav": "latest",
        "has_sources": Source.objects.exists(),
        **paginate(request, queries.latest_articles()),
    }
    return render(request, "web/home.html", context)


@require_safe
def source_list(request: HttpRequest) -> HttpResponse:
    context = {"nav": "sources", "sources": queries.sources_with_counts()}
    return render(request, "web/source_list.html", context)


@require_safe
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    try:
        source = queries.source_with_count(source_id)
    except Source.DoesNotExist:
        raise Http404("No such source.") from None
    context = {
        "nav": "sources",
        "source": source,
        "recent_fetches": source.fetches.all()[:5],
        **paginate(request, queries.source_articles(source)),
    }
    return render(request, "web/source_detail.html", context)


@require_safe
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        article = queries.article_with_source(article_id)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    context = {
        "article": article,
        "body": numbered_body(article),
        "hashtags": queries.article_hashtags(article),
        "summary": summary_for_page(article),
        "facts": facts_for_page(article),
        "copies": copies_for_page(article),
        "related": related_articles(article, limit=RELATED_LIMIT),
        **comments_context(article, request.user),
    }
    return render(request, "web/article_detail.html", context)


@require_safe
def hashtag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    hashtag = get_object_or_404(Hashtag, slug=slug)
    context = {"hashtag": hashtag, **paginate(request, queries.hashtag_articles(hashtag))}
    return render(request, "web/hashtag_detail.html", context)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    error = queries.database_error()
    if error:
        return JsonResponse({"status": "error", "database": error}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


BODY_BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "pre", "table"}


def numbered_body(article: Article) -> str:
    """The article's body with its paragraphs numbered (``id="p-N"``, N counting the plain
    text's paragraphs), so that summaries and facts can link to where they come from.

    The sanitised HTML keeps links and emphasis; when its blocks do not line up one to one
    with the text's paragraphs, the plain paragraphs are shown instead.
    """
    paragraphs = article.paragraphs
    if article.content_html:
        fragment = lxml.html.fragment_fromstring(article.content_html, create_parent="div")
        blocks = [child for child in fragment if child.tag in BODY_BLOCKS]
        if len(blocks) == len(paragraphs) == len(fragment) and not (fragment.text or "").strip():
            for number, block in enumerate(blocks):
                block.set("id", f"p-{number}")
            return mark_safe(
                "".join(lxml.html.tostring(block, encoding="unicode") for block in blocks)
            )
    return format_html_join("", '<p id="p-{}">{}</p>', enumerate(paragraphs))
