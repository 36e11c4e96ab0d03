from django.urls import path

from tidings.web import ai_views, health, metrics, views
from tidings.web.feeds import HashtagFeed
from tidings.web.wrapup_feed import WrapUpFeed

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<int:source_id>/", views.source_detail, name="source"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("stories/", views.story_list, name="stories"),
    path("stories/<int:story_id>/", views.story_detail, name="story"),
    # Hashtag slugs may hold any letters (allow_unicode), which <slug:> would refuse.
    path("hashtags/<str:slug>/", views.hashtag_detail, name="hashtag"),
    path("hashtags/<str:slug>/feed/", HashtagFeed(), name="hashtag_feed"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    # The AI panel: each action a page of its own, which htmx loads in place.
    path("stories/<int:story_id>/ai/ask/", ai_views.question, name="story_ask"),
    path("stories/<int:story_id>/ai/<str:slug>/", ai_views.action, name="story_ai"),
    path("articles/<int:article_id>/ai/ask/", ai_views.question, name="article_ask"),
    path("articles/<int:article_id>/ai/<str:slug>/", ai_views.action, name="article_ai"),
    path("wrap-up/", ai_views.wrap_up_page, name="wrap_up"),
    path("wrap-up/feed/", WrapUpFeed(), name="wrap_up_feed"),
    path("wrap-up/<str:day>/", ai_views.wrap_up_page, name="wrap_up_day"),
]
