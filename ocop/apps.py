from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcopConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ocop"
    verbose_name = _("OCOP registry")
