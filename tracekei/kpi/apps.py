from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "tracekei.kpi"
    label = "kpi"
    verbose_name = _("Indicators")
    default_auto_field = "django.db.models.BigAutoField"
