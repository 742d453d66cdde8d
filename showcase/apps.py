from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    """The top layer: the demo, the national data set and the benchmark (no models, no URLs)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "showcase"
