"""WP2: cluster strategies, consultations and the joint strategy. The app's own issue fills it."""

from django.apps import AppConfig


class StrategyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategy"
    verbose_name = "Cluster strategies"
