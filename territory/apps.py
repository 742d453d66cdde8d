from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "territory"
    verbose_name = _("Territory")
