from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.entry_list, name="list"),
    path("audit/<str:model>/<str:pk>/", views.object_history, name="object"),
]
