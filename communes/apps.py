from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communes"
    verbose_name = _("Territory and NTM progress")

    def ready(self):
        from django.urls import register_converter

        from communes import signals  # noqa: F401  (connects the catalogue's revision signals)
        from communes.years import YearConverter

        register_converter(YearConverter, "year")  # <year:year>: a year of the catalogue's periods
