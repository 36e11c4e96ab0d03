from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "tidings.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        # Huey finds tasks by import: the account mails the worker sends.
        from django.db.models.signals import post_delete, post_save

        import tidings.comments.tasks  # noqa: F401
        from tidings.comments.models import Comment

        # Anonymous readers' cached pages show comments: every change makes them stale.
        post_save.connect(content_changed, sender=Comment)
        post_delete.connect(content_changed, sender=Comment)


def content_changed(**kwargs) -> None:
    from tidings import freshness

    freshness.changed_on_commit()
