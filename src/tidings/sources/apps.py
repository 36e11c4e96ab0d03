from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "tidings.sources"
    label = "sources"
    verbose_name = "Sources"

    def ready(self) -> None:
        # Huey finds tasks by import; the project's tasks live beside the pipeline.
        import tidings.tasks  # noqa: F401
