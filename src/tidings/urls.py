from django.contrib import admin
from django.urls import include, path, re_path

from tidings.api.api import api
from tidings.web.media import media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("tidings.comments.account_urls")),
    path("", include("tidings.comments.urls")),
    re_path(r"^media/(?P<path>.*)$", media),
    path("", include("tidings.web.urls")),
]
