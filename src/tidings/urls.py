from django.contrib import admin
from django.urls import include, path, re_path

from tidings.api.api import api, unknown_path
from tidings.web.media import media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_path),
    path("api/greader/", include("tidings.readers.greader.urls")),
    path("api/fever/", include("tidings.readers.fever.urls")),
    path("api/miniflux/", include("tidings.readers.miniflux.urls")),
    path("accounts/", include("tidings.comments.account_urls")),
    path("", include("tidings.comments.urls")),
    path("", include("tidings.following.urls")),
    re_path(r"^media/(?P<path>.*)$", media),
    path("", include("tidings.web.urls")),
]
