from django.contrib import admin
from django.db import models

from tidings.articles.models import Article, ArticleVersion


class ArticleVersionInline(admin.TabularInline):
    """Earlier versions are history: shown, never edited."""

    model = ArticleVersion
    extra = 0
    fields = ["replaced_at", "title", "updated_at", "content_hash"]
    readonly_fields = [*fields]
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    # An address typed without a scheme is taken as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "source", "published_at", "text_origin", "language"]
    list_filter = ["source", "text_origin"]
    list_select_related = ["source"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    raw_id_fields = ["source"]
    readonly_fields = ["entry_fingerprint", "content_hash", "created_at", "modified_at"]
    inlines = [ArticleVersionInline]
