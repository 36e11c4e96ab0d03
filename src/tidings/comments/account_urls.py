"""Accounts at Django's usual paths, with our templates.

The templates live under ``comments/accounts/`` rather than ``registration/``: the admin
app, installed first, ships its own ``registration/`` pages, which would win the lookup.
"""

from django.contrib.auth import views as auth
from django.urls import path

from tidings.comments import views
from tidings.comments.forms import QueuedPasswordResetForm

TEMPLATES = "comments/accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("profile/", views.account, name="account"),
    path("profile/tokens/", views.create_api_token, name="create_api_token"),
    path("profile/tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path("delete/", views.delete_account, name="delete_account"),
    path(
        "login/",
        views.limit_login("username")(
            auth.LoginView.as_view(template_name=f"{TEMPLATES}/login.html")
        ),
        name="login",
    ),
    path(
        "logout/",
        auth.LogoutView.as_view(template_name=f"{TEMPLATES}/logged_out.html"),
        name="logout",
    ),
    path(
        "password_reset/",
        # Each reset sends a mail, so resets count with log-ins, against the address typed.
        views.limit_login("email")(
            auth.PasswordResetView.as_view(
                template_name=f"{TEMPLATES}/password_reset_form.html",
                form_class=QueuedPasswordResetForm,
            )
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth.PasswordResetDoneView.as_view(template_name=f"{TEMPLATES}/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name=f"{TEMPLATES}/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth.PasswordResetCompleteView.as_view(
            template_name=f"{TEMPLATES}/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
