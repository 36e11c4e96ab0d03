from django.apps import AppConfig


class ExtractConfig(AppConfig):
    name = "tidings.extract"
    label = "extract"
