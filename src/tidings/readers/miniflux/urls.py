"""/api/miniflux/v1/…: an app is given <site>/api/miniflux as its Miniflux server."""

from django.urls import path, re_path

from tidings.readers.miniflux import views

urlpatterns = [
    path("v1/me", views.me),
    path("v1/categories", views.categories),
    path("v1/feeds", views.feeds),
    path("v1/feeds/counters", views.counters),
    path("v1/feeds/<int:feed_id>/entries", views.feed_entries),
    path("v1/feeds/<int:feed_id>/mark-all-as-read", views.feed_mark_all_as_read),
    path("v1/entries", views.entries),
    path("v1/entries/<int:entry_id>/bookmark", views.bookmark),
    re_path(r"^(?P<rest>.*)$", views.unknown_endpoint),
]
