from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from tidings.sources.models import FetchLog, Source


class FailingFilter(admin.SimpleListFilter):
    title = "health"
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [("failing", "Failing"), ("healthy", "Healthy"), ("never", "Never fetched")]

    def queryset(self, request, queryset):
        if self.value() == "failing":
            return queryset.filter(error_count__gt=0)
        if self.value() == "healthy":
            return queryset.filter(error_count=0, last_fetched_at__isnull=False)
        if self.value() == "never":
            return queryset.filter(last_fetched_at__isnull=True)
        return queryset


# What the fetches wrote: shown, never edited by hand.
HEALTH_FIELDS = [
    "fetch_log",
    "last_fetched_at",
    "last_status",
    "error_count",
    "last_error_code",
    "last_error",
    "last_note",
    "etag",
    "last_modified",
    "claimed_until",
]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    # An address typed without a scheme is taken as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "display_name",
        "url",
        "active",
        "health",
        "last_fetched_at",
        "error_count",
        "article_count",
    ]
    list_filter = ["active", FailingFilter]
    search_fields = ["name", "url", "site_url"]
    readonly_fields = HEALTH_FIELDS
    fieldsets = [
        (None, {"fields": ["url", "name", "site_url", "description", "language", "active"]}),
        ("Fetching", {"fields": ["fetch_pages", "fetch_interval", "next_fetch_at"]}),
        (
            "Health",
            {"fields": HEALTH_FIELDS},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="name", ordering="name")
    def display_name(self, source: Source) -> str:
        return source.display_name

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, source: Source) -> int:
        return source.article_total

    @admin.display(description="fetch log")
    def fetch_log(self, source: Source) -> str:
        if source.pk is None:
            return "–"
        url = reverse("admin:sources_fetchlog_changelist") + f"?source__id__exact={source.pk}"
        return format_html('<a href="{}">{} fetches</a>', url, source.fetches.count())


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    """The fetch log is history written by the fetcher: readable, never edited by hand."""

    list_display = [
        "started_at",
        "source",
        "status",
        "duration_ms",
        "bytes",
        "new_articles",
        "updated_articles",
        "duplicate_guids",
        "entries_left",
        "error_code",
    ]
    list_filter = ["source", "error_code"]
    list_select_related = ["source"]
    date_hierarchy = "started_at"
    search_fields = ["source__name", "source__url", "error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
