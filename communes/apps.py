from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communes"
    verbose_name = _("NTM progress")

    def ready(self):
        from communes import signals  # noqa: F401  (connects the catalogue's revision signals)
        from communes.services.reorganisation import commune_close_guard
        from territory.reorganisation import CLOSE_GUARDS

        if commune_close_guard not in CLOSE_GUARDS:
            CLOSE_GUARDS.append(commune_close_guard)
