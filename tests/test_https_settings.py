"""An https:// base URL hardens the site; a 500 leaves its traceback in the log."""

import io
import json
import logging

import pytest
from django.urls import include, path

from tests.test_settings import tidings

HTTPS_SITE = {
    "TIDINGS_BASE_URL": "https://news.example.org",
    "TIDINGS_ALLOWED_HOSTS": "news.example.org",
    "TIDINGS_TRUSTED_PROXIES": "1",
}
# Asks the configured site a few questions through Django's test client, as JSON.
PROBE = """
import json
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="news.example.org")
plain = client.get("/sources/")
proxied = client.get("/sources/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location")],
    "healthz": client.get("/healthz").status_code,
    "readyz": client.get("/readyz").status_code,
    "proxied": proxied.status_code,
    "hsts": proxied.get("Strict-Transport-Security"),
    "csrf_origins": settings.CSRF_TRUSTED_ORIGINS,
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def test_an_https_site_passes_the_deploy_check(tmp_path):
    result = tidings("check", "--deploy", tmp_path=tmp_path, **HTTPS_SITE)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_a_plain_http_site_is_not_hardened(tmp_path):
    result = tidings("check", "--deploy", tmp_path=tmp_path)

    for code in ("W004", "W008", "W012", "W016"):
        assert f"security.{code}" in result.stderr


def test_an_https_site_redirects_sends_hsts_and_keeps_probes_on_http(tmp_path):
    result = tidings("migrate", "-v", "0", tmp_path=tmp_path, **HTTPS_SITE)
    assert result.returncode == 0, result.stderr

    result = tidings("shell", "-c", PROBE, tmp_path=tmp_path, **HTTPS_SITE)

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers == {
        "redirect": [301, "https://news.example.org/sources/"],
        "healthz": 200,
        "readyz": 200,
        "proxied": 200,
        "hsts": "max-age=31536000",
        "csrf_origins": ["https://news.example.org"],
        "secure_cookies": [True, True],
    }


def test_hsts_can_be_turned_off(tmp_path):
    probe = "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"
    result = tidings(
        "shell", "-c", probe, tmp_path=tmp_path, TIDINGS_HSTS_SECONDS="0", **HTTPS_SITE
    )

    assert result.stdout.strip().splitlines()[-1] == "0", result.stderr


def test_a_base_url_that_is_not_http_is_refused(tmp_path):
    result = tidings("sources", "list", tmp_path=tmp_path, TIDINGS_BASE_URL="news.example.org")

    assert result.returncode == 2
    assert "TIDINGS_BASE_URL='news.example.org' is not an address" in result.stderr


# A server error is logged with its traceback.


def broken_view(request):
    raise RuntimeError("the view broke")


# The site's own routes too: the error page links to them.
urlpatterns = [path("broken/", broken_view), path("", include("tidings.urls"))]


@pytest.fixture
def request_log():
    """What the django.request logger's configured handlers write, instead of stderr."""
    handlers = [h for h in logging.getLogger("django.request").handlers if hasattr(h, "stream")]
    assert handlers, "django.request has no handler that writes anywhere"
    written = io.StringIO()
    previous = [handler.setStream(written) for handler in handlers]
    yield written
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


def test_a_server_error_is_logged_with_its_traceback(client, db, settings, request_log):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    assert client.get("/broken/").status_code == 500

    log = request_log.getvalue()
    assert "ERROR django.request: Internal Server Error: /broken/" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: the view broke" in log
