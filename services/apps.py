"""WP1: each cluster's service portfolio and its deliveries to members (its own issue)."""

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "services"
    verbose_name = "Services mapping"

    def ready(self):
        from django.db.models.signals import post_delete

        from . import selectors
        from .models import Service, ServiceDelivery

        def forget(**kwargs):  # deletions from the admin do not go through services.py
            selectors.forget_matrix_totals()

        for model in (Service, ServiceDelivery):
            post_delete.connect(
                forget, sender=model, dispatch_uid=f"matrix-totals-{model.__name__}"
            )
