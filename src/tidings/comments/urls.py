"""Comment actions, and the account pages Django's auth does not provide.

Django's own account views are in ``account_urls`` without a namespace, because they
reverse each other by bare name ("password_reset_done").
"""

from django.urls import path

from tidings.comments import moderation_views, views

app_name = "comments"
urlpatterns = [
    path("articles/<int:article_id>/comments/", views.post_comment, name="post"),
    path("stories/<int:story_id>/comments/", views.post_on_story, name="post_on_story"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="edit"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete"),
    path("comments/<int:comment_id>/report/", moderation_views.report, name="report"),
    path("moderation/", moderation_views.queue, name="moderation"),
    path("moderation/log/", moderation_views.log, name="moderation_log"),
    path(
        "moderation/comments/<int:comment_id>/",
        moderation_views.comment,
        name="moderate_comment",
    ),
    path(
        "moderation/accounts/<int:user_id>/",
        moderation_views.account,
        name="moderate_account",
    ),
]
