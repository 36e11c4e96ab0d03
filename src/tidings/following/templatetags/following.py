"""``{% follow_button story %}`` (or a source or hashtag) and ``{% save_button article %}``
on the pages of the web app: a signed-in reader gets the form, anyone else a link to log in.
"""

from __future__ import annotations

from django import template
from django.conf import settings

from tidings.articles.models import Article
from tidings.enrich.models import Hashtag
from tidings.following.choices import choices_of
from tidings.readers import services
from tidings.sources.models import Source
from tidings.stories.models import Story
from tidings.web.feeds import feed_links

register = template.Library()


def kind_of(target: Source | Hashtag | Story) -> str:
    return services.target_field(target)


@register.inclusion_tag("following/_follow_button.html", takes_context=True)
def follow_button(context: template.Context, target: Source | Hashtag | Story) -> dict:
    user = context["request"].user
    signed_in = user.is_authenticated
    return {
        "request": context["request"],
        "user": user,
        "target": target,
        "kind": kind_of(target),
        "following": signed_in and services.is_following(user, target),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("following/_save_button.html", takes_context=True)
def save_button(context: template.Context, article: Article) -> dict:
    user = context["request"].user
    saved = user.is_authenticated and (
        services.starred(Article.objects.filter(pk=article.pk), user).exists()
    )
    return {
        "request": context["request"],
        "user": user,
        "article": article,
        "saved": saved,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("following/_account_section.html", takes_context=True)
def following_account(context: template.Context) -> dict:
    """The account page's section: digest, private feed address, app passwords."""
    user = context["request"].user
    mine = choices_of(user)
    return {
        "user": user,
        "choices": mine,
        "feeds": feed_links("following:for_you_feed", mine.feed_token, title="For you")
        if mine.feed_token
        else [],
        "app_passwords": user.app_passwords.all(),
        "site": settings.BASE_URL,
        "csrf_token": context.get("csrf_token"),
    }
