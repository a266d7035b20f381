"""WP4: dissemination, policy dialogue and the public project site. The app's own issue fills it."""

from django.apps import AppConfig


class DisseminationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dissemination"
    verbose_name = "Dissemination"
