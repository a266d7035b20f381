from django.urls import path

from . import views

app_name = "kpi"

urlpatterns = [
    path("kpis/", views.dashboard, name="dashboard"),
    path("kpis/recompute/", views.recompute, name="recompute"),
    path("kpis/runs/<int:pk>/", views.run_status, name="run"),
    path("kpis/<slug:code>/", views.indicator_detail, name="detail"),
    path("kpis/<slug:code>/edit/", views.indicator_edit, name="edit"),
    path("kpis/<slug:code>/reports/", views.indicator_reports, name="reports"),
]
