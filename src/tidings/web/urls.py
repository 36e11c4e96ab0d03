from django.urls import path

from tidings.web import health, views
from tidings.web.feeds import HashtagFeed

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
]
