"""/api/greader/…: a client is given <site>/api/greader as its server."""

from django.urls import path, re_path

from tidings.readers.greader import account, atom, stream_views, subscriptions

API = "reader/api/0/"

urlpatterns = [
    path("accounts/ClientLogin", account.client_login, name="greader-login"),
    path(API + "token", account.action_token_view, name="greader-token"),
    path(API + "user-info", account.user_info, name="greader-user-info"),
    path(API + "subscription/list", subscriptions.subscription_list),
    path(API + "subscription/edit", subscriptions.subscription_edit),
    path(API + "subscription/quickadd", subscriptions.quickadd),
    path(API + "tag/list", subscriptions.tag_list),
    path(API + "unread-count", subscriptions.unread_count),
    path(API + "stream/contents", stream_views.stream_contents),
    path(API + "stream/contents/<path:stream_id>", stream_views.stream_contents),
    path(API + "stream/items/ids", stream_views.item_ids),
    path(API + "stream/items/contents", stream_views.item_contents),
    path(API + "edit-tag", stream_views.edit_tag),
    path(API + "mark-all-as-read", stream_views.mark_all_as_read),
    path("reader/atom/<path:stream_id>", atom.atom_stream),
    re_path(r"^(?P<rest>.*)$", account.unknown_endpoint),
]
