from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/<int:pk>/", views.detail, name="detail"),
    path("reports/<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("reports/<int:pk>/download/", views.download, name="download"),
]
