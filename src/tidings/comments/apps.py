from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "tidings.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        # Huey finds tasks by import: the account mails the worker sends.
        import tidings.comments.tasks  # noqa: F401
