"""The AI panel's pages: each action of a story (or of an article's story) and the daily
wrap-up. Every action is a page of its own, so it works without JavaScript; an htmx
request (``HX-Request``) gets only the result, which the panel loads in place."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tidings.ai import services
from tidings.ai.questions import MAX_QUESTION, ask
from tidings.articles.models import Article
from tidings.comments.ratelimit import limit, message
from tidings.comments.views import is_htmx
from tidings.stories.models import Story
from tidings.web import queries
from tidings.web.feeds import feed_links
from tidings.web.wrapup import wrap_up

# slug: (label, the service that computes it for a Subject)
ACTIONS = {
    "summary": ("Summary of the story", services.summary),
    "five-w": ("Key facts: who, what, when, where, why, how", services.five_w),
    "coverage": ("Compare coverage", services.coverage),
    "timeline": ("Timeline", services.timeline),
}
CHANGES = "changes"
ASK = "ask"


def panel_context(*, story: Story | None = None, article: Article | None = None) -> dict:
    """What ``ai/_panel.html`` needs on a story or an article page."""
    base = f"/articles/{article.pk}/ai/" if article is not None else f"/stories/{story.pk}/ai/"
    actions = [(f"{base}{slug}/", label) for slug, (label, _compute) in ACTIONS.items()]
    actions.append((f"{base}{CHANGES}/", "What changed"))
    return {"ai_actions": actions, "ai_ask_url": f"{base}{ASK}/", "question_limit": MAX_QUESTION}


def _subject(story_id: int | None, article_id: int | None):
    """(subject, the page it belongs to, its article or None) or 404."""
    if article_id is not None:
        try:
            article = queries.article_with_source(article_id)
        except Article.DoesNotExist:
            raise Http404("No such article.") from None
        return services.Subject.of_article(article), article, article
    try:
        story = queries.surviving_story(story_id)
    except Story.DoesNotExist:
        raise Http404("No such story.") from None
    return services.Subject(story), story, None


def _render(request, action: str, page, context: dict, status: int = 200) -> HttpResponse:
    context = {"action": action, "page": page, **context}
    template = f"ai/_{action.replace('-', '_')}.html"
    if is_htmx(request):
        return render(request, template, context, status=status)
    context["partial"] = template
    context["label"] = ACTIONS[action][0] if action in ACTIONS else ""
    return render(request, "ai/action_page.html", context, status=status)


@require_safe
def action(request: HttpRequest, slug: str, story_id=None, article_id=None) -> HttpResponse:
    subject, page, article = _subject(story_id, article_id)
    if slug == CHANGES:
        results = services.story_changes(subject)["articles"]
        if article is not None:
            results = [each for each in results if each["article_id"] == article.pk]
        return _render(request, CHANGES, page, {"results": results, "one_article": bool(article)})
    if slug not in ACTIONS:
        raise Http404("No such action.")
    result = ACTIONS[slug][1](subject)
    return _render(request, slug, page, {"result": result, "one_article": article is not None})


@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, story_id=None, article_id=None) -> HttpResponse:
    subject, page, _article = _subject(story_id, article_id)
    context = {"question_limit": MAX_QUESTION, "ask_url": request.path, "result": None}
    if not settings.TIDINGS["QUESTIONS_ANONYMOUS"] and not request.user.is_authenticated:
        context["login_needed"] = True
        return _render(request, ASK, page, context)
    if request.method != "POST":
        return _render(request, ASK, page, context)
    text = " ".join(request.POST.get("question", "").split())
    if not text or len(text) > MAX_QUESTION:
        context["error"] = f"Ask a question of 1 to {MAX_QUESTION} characters."
        return _render(request, ASK, page, context, status=200 if is_htmx(request) else 400)
    if seconds := limit(request, "question"):
        context["error"] = message("question", seconds)
        response = _render(request, ASK, page, context, status=200 if is_htmx(request) else 429)
        response["Retry-After"] = str(seconds)
        return response
    context["result"] = ask(subject, text)
    return _render(request, ASK, page, context)


@require_safe
def wrap_up_page(request: HttpRequest, day: str | None = None) -> HttpResponse:
    today = timezone.localdate()
    if day is None:
        chosen = today
    else:
        try:
            chosen = date.fromisoformat(day)
        except ValueError:
            raise Http404("No such day.") from None
        if chosen == today:
            return redirect("web:wrap_up")
    if chosen > today:
        raise Http404("That day has not come yet.")
    context = {
        "nav": "wrap-up",
        "wrap_up": wrap_up(chosen),
        "day": chosen,
        "is_today": chosen == today,
        "previous_day": chosen.fromordinal(chosen.toordinal() - 1),
        "next_day": None if chosen == today else chosen.fromordinal(chosen.toordinal() + 1),
        "feeds": feed_links("web:wrap_up_feed", title="The day's top stories on tidings"),
    }
    return render(request, "ai/wrap_up.html", context)
