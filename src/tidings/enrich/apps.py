from django.apps import AppConfig


class EnrichConfig(AppConfig):
    name = "tidings.enrich"
    label = "enrich"
