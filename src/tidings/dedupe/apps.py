from django.apps import AppConfig


class DedupeConfig(AppConfig):
    name = "tidings.dedupe"
    label = "dedupe"
