from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NtmTrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm_tracker"
    verbose_name = _("NTM/OCOP tracker")

    def ready(self):
        from ntm_tracker import auth_events  # noqa: F401  (connects the audit receivers)
        from ntm_tracker import collation  # noqa: F401  (registers the SQLite collation)
        from ntm_tracker import converters

        converters.register()  # the GSO code converters, before any URLconf is read
