"""WP1: each cluster's service portfolio and its deliveries to members (its own issue)."""

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "services"
    verbose_name = "Services mapping"
