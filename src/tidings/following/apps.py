from django.apps import AppConfig


class FollowingConfig(AppConfig):
    name = "tidings.following"
    label = "following"
    verbose_name = "Following"

    def ready(self) -> None:
        # Huey finds tasks by import: the daily digest the worker sends.
        import tidings.following.tasks  # noqa: F401
