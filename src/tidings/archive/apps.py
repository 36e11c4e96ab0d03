from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "tidings.archive"
    label = "archive"
