from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("exports/", views.export_index, name="index"),
    path("exports/<slug:code>.<str:kind>", views.export_file, name="file"),
    path("api/exports/<slug:code>.<str:kind>", views.ExportFileAPIView.as_view(), name="api_file"),
]
