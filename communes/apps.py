from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _triggers_ensure(using: str, **kwargs) -> None:
    # SQLite drops a table's triggers when a migration rebuilds the table: put them back after
    # every migrate (idempotent), so the catalogue's revision can never stop being renewed.
    from django.db import connections

    from communes.triggers import catalogue_triggers_install

    catalogue_triggers_install(connections[using])


class CommunesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communes"
    verbose_name = _("NTM progress")

    def ready(self):
        from communes.catalogue import request_memo_clear
        from communes.services.reorganisation import commune_close_guard
        from territory.reorganisation import CLOSE_GUARDS

        post_migrate.connect(_triggers_ensure, sender=self)
        # The catalogue's years are read once per request (communes/catalogue.py).
        request_started.connect(request_memo_clear, dispatch_uid="communes_request_memo_started")
        request_finished.connect(request_memo_clear, dispatch_uid="communes_request_memo_finished")
        from django.urls import register_converter

        from communes.years import YearConverter

        register_converter(YearConverter, "year")  # <year:year>: a year of the catalogue's periods
        # A reorganisation may not close a commune assessed after it (territory/reorganisation.py).
        if commune_close_guard not in CLOSE_GUARDS:
            CLOSE_GUARDS.append(commune_close_guard)
