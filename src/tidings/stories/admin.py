from django.contrib import admin

from tidings.stories.models import ClusteringState, Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Stories are the clusterer's decisions: readable here, changed only by clustering."""

    list_display = ["id", "title", "outlet_count", "article_count", "last_published", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["title"]
    ordering = ["-last_published", "-id"]
    readonly_fields = [field.name for field in Story._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ClusteringState)
class ClusteringStateAdmin(admin.ModelAdmin):
    list_display = ["generation", "claimed_by", "claimed_until"]
    readonly_fields = ["generation", "claimed_by", "claimed_until"]

    def has_add_permission(self, request) -> bool:
        return False
