"""WP1: satisfaction surveys answered through personal links. The app's own issue fills it."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = "SME surveys"

    def ready(self):
        # S1: the personal links' tokens never reach the logs.
        from . import logging as survey_logging

        survey_logging.install()
