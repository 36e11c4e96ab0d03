from django.urls import path

from tidings.web import ai_views, feeds, health, search_feed, search_views, views
from tidings.web.feeds import feed_paths

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    *feed_paths("feed/", feeds.latest, "latest_feed"),
    path("search/", search_views.search_page, name="search"),
    *feed_paths("search/feed/", search_feed.search_results, "search_feed"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<int:source_id>/", views.source_detail, name="source"),
    *feed_paths("sources/<int:source_id>/feed/", feeds.source, "source_feed"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("stories/", views.story_list, name="stories"),
    *feed_paths("stories/feed/", feeds.top_stories, "top_stories_feed"),
    path("stories/<int:story_id>/", views.story_detail, name="story"),
    *feed_paths("stories/<int:story_id>/feed/", feeds.story, "story_feed"),
    # Hashtag slugs may hold any letters (allow_unicode), which <slug:> would refuse.
    path("hashtags/<str:slug>/", views.hashtag_detail, name="hashtag"),
    *feed_paths("hashtags/<str:slug>/feed/", feeds.hashtag, "hashtag_feed"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The AI panel: each action a page of its own, which htmx loads in place.
    path("stories/<int:story_id>/ai/ask/", ai_views.question, name="story_ask"),
    path("stories/<int:story_id>/ai/<str:slug>/", ai_views.action, name="story_ai"),
    path("articles/<int:article_id>/ai/ask/", ai_views.question, name="article_ask"),
    path("articles/<int:article_id>/ai/<str:slug>/", ai_views.action, name="article_ai"),
    path("wrap-up/", ai_views.wrap_up_page, name="wrap_up"),
    *feed_paths("wrap-up/feed/", feeds.wrap_ups, "wrap_up_feed"),
    path("wrap-up/<str:day>/", ai_views.wrap_up_page, name="wrap_up_day"),
]
