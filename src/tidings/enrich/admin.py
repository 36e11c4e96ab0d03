from django.contrib import admin
from django.db.models import Count

from tidings.enrich.models import ArticleHashtag, Hashtag


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin):
    list_display = ["tag", "label", "slug", "kind", "article_count"]
    list_filter = ["kind"]
    search_fields = ["label", "slug"]
    prepopulated_fields = {"slug": ["label"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("article_hashtags"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, hashtag: Hashtag) -> int:
        return hashtag.article_total


@admin.register(ArticleHashtag)
class ArticleHashtagAdmin(admin.ModelAdmin):
    list_display = ["hashtag", "article", "score", "origin"]
    list_filter = ["origin", "hashtag__kind"]
    list_select_related = ["hashtag", "article"]
    search_fields = ["hashtag__label", "article__title"]
    raw_id_fields = ["article"]
    autocomplete_fields = ["hashtag"]
