"""A reader's OPML: import follows the site's sources the file lists (the rest are named,
each with a "suggest this feed" button); export lists the sources they follow. And the
suggestion itself, which an operator approves in the admin (``following.admin``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from tidings.following.models import FeedSuggestion
from tidings.readers import services
from tidings.sources.models import Source
from tidings.sources.opml import OpmlError, OpmlOutline, parse_opml, render_opml

# An OPML list of a reader's feeds is small; a larger upload is not one.
MAX_OPML_BYTES = 2_000_000
# Suggestions one reader may have waiting at once, so a script cannot flood the admin.
MAX_WAITING = 20


def url_variants(url: str) -> list[str]:
    """The same feed as readers and publishers write it: http or https, with or without a
    trailing slash. The given address comes first."""
    bare = url.split("://", 1)[-1]
    stems = [bare, bare[:-1] if bare.endswith("/") else bare + "/"]
    return [url] + [f"{scheme}://{stem}" for stem in stems for scheme in ("https", "http")]


def follow_listed(
    reader: User, outlines: list[OpmlOutline]
) -> tuple[list[Source], list[OpmlOutline]]:
    """Follow each listed feed that is one of the site's sources (by its feed address, up to
    http or https and a trailing slash); answers the sources followed and the outlines the
    site does not have."""
    wanted = {outline.url: url_variants(outline.url) for outline in outlines}
    by_url = Source.objects.in_bulk(
        [variant for variants in wanted.values() for variant in variants], field_name="url"
    )
    followed, missing = [], []
    for outline in outlines:
        source = next((by_url[url] for url in wanted[outline.url] if url in by_url), None)
        if source is None:
            missing.append(outline)
        else:
            services.follow(reader, source)
            followed.append(source)
    return followed, missing


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def opml(request: HttpRequest) -> HttpResponse:
    context: dict = {"nav": "for-you"}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("opml")
        if upload is None:
            context["error"] = "Choose an OPML file to import."
            status = 400
        elif upload.size > MAX_OPML_BYTES:
            context["error"] = (
                f"This file is larger than {MAX_OPML_BYTES:,} bytes: not a list of feeds."
            )
            status = 400
        else:
            try:
                outlines = parse_opml(upload.read())
            except OpmlError as error:
                context["error"] = str(error)
                status = 400
            else:
                context["followed"], context["missing"] = follow_listed(request.user, outlines)
                context["imported"] = True
    return render(request, "following/opml.html", context, status=status)


@login_required
@require_safe
def opml_export(request: HttpRequest) -> HttpResponse:
    outlines = [
        OpmlOutline(url=source.url, title=source.display_name, site_url=source.site_url)
        for source in services.followed_sources(request.user).order_by("name", "id")
    ]
    body = render_opml(outlines, title=f"{request.user.get_username()}'s sources on tidings")
    response = HttpResponse(body, content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tidings-following.opml"'
    return response


def suggest_feed(reader: User, url: str, note: str = "") -> tuple[FeedSuggestion | None, str]:
    """Record the reader's suggestion; answers it, or None and why it was not recorded."""
    url = url.strip()
    if not url.startswith(("http://", "https://")) or len(url) > 2000:
        return None, "A feed's address starts with http:// or https://."
    if Source.objects.filter(url__in=url_variants(url)).exists():
        return None, "This feed is one of the site's sources already: follow it on its page."
    waiting = FeedSuggestion.objects.filter(reader=reader, status=FeedSuggestion.Status.WAITING)
    if waiting.count() >= MAX_WAITING and not waiting.filter(url=url).exists():
        return (
            None,
            f"You have {MAX_WAITING} suggestions waiting: the operator sees to those first.",
        )
    suggestion, _ = FeedSuggestion.objects.get_or_create(
        reader=reader, url=url, defaults={"note": note.strip()[:500]}
    )
    return suggestion, ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    context = {"nav": "for-you", "url": request.GET.get("url", "")}
    status = 200
    if request.method == "POST":
        context["url"] = request.POST.get("url", "")
        suggestion, error = suggest_feed(request.user, context["url"], request.POST.get("note", ""))
        context["suggestion"], context["error"] = suggestion, error
        status = 400 if error else 200
    context["suggestions"] = FeedSuggestion.objects.filter(reader=request.user)[:20]
    return render(request, "following/suggest.html", context, status=status)
