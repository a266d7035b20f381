from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliverablesConfig(AppConfig):
    name = "tracekei.deliverables"
    label = "deliverables"
    verbose_name = _("Deliverables")
    default_auto_field = "django.db.models.BigAutoField"
