from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("security/", views.settings_page, name="settings"),
]
