"""The consortium: clusters, their labels and members, and who may see which."""

from django.apps import AppConfig


class ClustersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clusters"
    verbose_name = "Clusters and members"
