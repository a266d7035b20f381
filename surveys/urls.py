app_name = "surveys"

urlpatterns = []

# S3: results and exports
from django.urls import path  # noqa: E402

from .views import results as results_views  # noqa: E402

urlpatterns += [
    path("surveys/results/", results_views.overview, name="results"),
    path(
        "surveys/campaigns/<int:pk>/results/",
        results_views.campaign_results,
        name="campaign_results",
    ),
    path(
        "surveys/campaigns/<int:pk>/results/answers.<str:fmt>",
        results_views.campaign_export,
        name="campaign_export",
    ),
]
