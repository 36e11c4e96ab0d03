"""Django settings. Everything a operator may change comes from the environment (see config.py)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tidings import __version__
from tidings.config import (
    env_bool,
    env_choice,
    env_date_range,
    env_float,
    env_int,
    env_list,
    env_private_networks,
    env_rates,
    env_str,
)
from tidings.locations import (
    base_url,
    database_from_url,
    email_from_url,
    email_sender,
    origin,
    secret_key,
    tidings_home,
    vector_database_url,
)

BASE_DIR = Path(__file__).resolve().parent
TESTING = "pytest" in sys.modules
if TESTING and not env_str("TIDINGS_HOME"):
    # Tests never touch the operator's data folder.
    os.environ["TIDINGS_HOME"] = tempfile.mkdtemp(prefix="tidings-test-")
TIDINGS_HOME = tidings_home()

SECRET_KEY = secret_key(TIDINGS_HOME)
DEBUG = env_bool("TIDINGS_DEBUG")
ALLOWED_HOSTS = env_list("TIDINGS_ALLOWED_HOSTS", "127.0.0.1,localhost")
BASE_URL = base_url(env_str("TIDINGS_BASE_URL", "http://127.0.0.1:8000"))
CSRF_TRUSTED_ORIGINS = [origin(BASE_URL)]
TRUSTED_PROXIES = env_int("TIDINGS_TRUSTED_PROXIES", 0, minimum=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "tidings.sources",
    "tidings.extract",
    "tidings.articles",
    "tidings.dedupe",
    "tidings.enrich",
    "tidings.stories",
    "tidings.search",
    "tidings.ai",
    "tidings.comments",
    "tidings.readers",
    "tidings.following",
    "tidings.web",
    "tidings.api",
    "tidings.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tidings.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "tidings.urls"
WSGI_APPLICATION = "tidings.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tidings.demo.context.demo_clock",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"), TIDINGS_HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = TIDINGS_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise serves from the package; this stays empty
MEDIA_URL = "/media/"
MEDIA_ROOT = TIDINGS_HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served straight from the package, so `tidings run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Password-reset mail is written to files under TIDINGS_HOME/mail until an operator
# configures delivery, so that a laptop install loses no mail and needs no server.
_email = email_from_url(env_str("TIDINGS_EMAIL_URL"), TIDINGS_HOME)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT")
DEFAULT_FROM_EMAIL = SERVER_EMAIL = email_sender(env_str("TIDINGS_EMAIL_FROM", "tidings@localhost"))

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A public address on https:// means the site is served over HTTPS only.
HTTPS = BASE_URL.startswith("https://")
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Probes from the machine itself (a container's health check) speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("TIDINGS_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
# Only tidings' own host gets HSTS: its sibling subdomains may still need plain HTTP, and
# the preload list is a commitment an operator makes by hand, hard to take back.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if TRUSTED_PROXIES:
    # The proxy that ends TLS says so; with none trusted, a client could claim it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REDIS_URL = env_str("REDIS_URL")
_huey_common = {
    "name": "tidings",
    "immediate": TESTING,
    "consumer": {"workers": env_int("TIDINGS_WORKERS", 2, minimum=1), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY = {**_huey_common, "huey_class": "tidings.queue.RedisQueue", "url": REDIS_URL}
else:
    HUEY = {
        **_huey_common,
        "huey_class": "tidings.queue.SqliteQueue",
        "filename": str(TIDINGS_HOME / "queue.sqlite3"),
    }

_vector_index = env_choice("TIDINGS_VECTOR_INDEX", "embedded", ("embedded", "pgvector"))
TIDINGS = {
    "ALLOW_PRIVATE_NETWORKS": env_private_networks("TIDINGS_ALLOW_PRIVATE_NETWORKS"),
    "OFFLINE": env_bool("TIDINGS_OFFLINE"),
    "DEMO_PUBLISHED": env_date_range("TIDINGS_DEMO_PUBLISHED"),
    "EMBEDDINGS": env_choice("TIDINGS_EMBEDDINGS", "auto", ("auto", "model", "hashed")),
    "VECTOR_INDEX": _vector_index,
    # The embedded index's files; the pgvector index's database (empty when embedded).
    "VECTOR_FOLDER": TIDINGS_HOME / "vectors",
    "VECTOR_DATABASE_URL": vector_database_url(
        _vector_index, env_str("TIDINGS_VECTOR_DATABASE_URL"), env_str("DATABASE_URL")
    ),
    "HOLD_SPAM": env_float("TIDINGS_HOLD_SPAM", 0.7, minimum=0.0, maximum=1.0),
    "HOLD_TOXIC": env_float("TIDINGS_HOLD_TOXIC", 0.7, minimum=0.0, maximum=1.0),
    "FETCH_INTERVAL": env_int("TIDINGS_FETCH_INTERVAL", 1800, minimum=60),
    "FETCH_TIMEOUT": env_int("TIDINGS_FETCH_TIMEOUT", 15, minimum=1),
    "REFRESH_SECONDS": env_int("TIDINGS_REFRESH_SECONDS", 300, minimum=1),
    "MAX_BYTES": env_int("TIDINGS_MAX_BYTES", 10_000_000, minimum=10_000),
    "HOST_CONCURRENCY": env_int("TIDINGS_HOST_CONCURRENCY", 2, minimum=1),
    "USER_AGENT": env_str(
        "TIDINGS_USER_AGENT", f"tidings/{__version__} (+{BASE_URL}; news aggregator)"
    ),
    # Rate limits by action, then by whom they count: one account, or one client address.
    "RATE_LIMITS": {
        "comment": {
            "account": env_rates("TIDINGS_RATE_COMMENTS", "5/60,30/3600"),
            "address": env_rates("TIDINGS_RATE_COMMENTS_IP", "10/60,60/3600"),
        },
        "signup": {"address": env_rates("TIDINGS_RATE_ACCOUNTS_IP", "5/3600,20/86400")},
        "login": {
            "address": env_rates("TIDINGS_RATE_LOGIN_IP", "10/300,100/86400"),
            "account": env_rates("TIDINGS_RATE_LOGIN_ACCOUNT", "10/300,50/86400"),
        },
        "report": {"account": env_rates("TIDINGS_RATE_REPORTS", "10/600,50/86400")},
        "question": {
            "account": env_rates("TIDINGS_RATE_QUESTIONS", "5/60,50/86400"),
            "address": env_rates("TIDINGS_RATE_QUESTIONS_IP", "10/60,100/86400"),
        },
    },
    "TRUSTED_PROXIES": TRUSTED_PROXIES,
    "QUESTIONS_ANONYMOUS": env_bool("TIDINGS_QUESTIONS_ANONYMOUS", True),
    # The AI panel's optional generative backend (tidings.ai.llm); no URL, none.
    "LLM": {
        "URL": env_str("TIDINGS_LLM_URL"),
        "MODEL": env_str("TIDINGS_LLM_MODEL"),
        "API_KEY": env_str("TIDINGS_LLM_API_KEY"),
        "TIMEOUT": env_float("TIDINGS_LLM_TIMEOUT", 20.0, minimum=1.0, maximum=600.0),
    },
    # Counts kept in Redis outlive a test, while the database rolls back after each one, so
    # tests count in the database unless they ask for Redis themselves.
    "RATE_LIMIT_REDIS_URL": "" if TESTING else REDIS_URL,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "tidings": {"handlers": ["stderr"], "level": "INFO"},
        "huey": {"handlers": ["stderr"], "level": "WARNING"},
        # Each 500 with its traceback (Django logs them here, and shows them nowhere else
        # unless DEBUG is on).
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}
