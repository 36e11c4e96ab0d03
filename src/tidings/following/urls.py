from django.urls import path

from tidings.following import account_views, feed, opml_views, views
from tidings.web.feeds import feed_paths

app_name = "following"
urlpatterns = [
    path("for-you/", views.for_you_page, name="for_you"),
    path("for-you/mark-all-read/", views.mark_all_read, name="mark_all_read"),
    *feed_paths("for-you/<str:token>/feed/", feed.for_you, "for_you_feed", private=True),
    path("saved/", views.saved_page, name="saved"),
    path("for-you/opml/", opml_views.opml, name="opml"),
    path("for-you/opml/export/", opml_views.opml_export, name="opml_export"),
    path("suggest-a-feed/", opml_views.suggest, name="suggest"),
    path("accounts/profile/digest/", account_views.digest, name="digest"),
    path("accounts/profile/feed-address/", account_views.feed_token, name="feed_token"),
    path(
        "accounts/profile/app-passwords/", account_views.make_app_password, name="make_app_password"
    ),
    path(
        "accounts/profile/app-passwords/<int:app_password_id>/revoke/",
        account_views.revoke,
        name="revoke_app_password",
    ),
    path("digest/unsubscribe/<str:token>/", account_views.unsubscribe, name="unsubscribe"),
    path("follow/<str:kind>/<int:target_id>/", views.follow, name="follow"),
    path("articles/<int:article_id>/save/", views.save, name="save"),
]
