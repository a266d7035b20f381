from django.urls import path

from . import views

app_name = "deliverables"

urlpatterns = [
    path("deliverables/", views.deliverable_list, name="list"),
    path("deliverables/new/", views.deliverable_create, name="create"),
    path("deliverables/<int:pk>/", views.deliverable_detail, name="detail"),
    path("deliverables/<int:pk>/edit/", views.deliverable_update, name="update"),
    path("deliverables/<int:pk>/status/", views.deliverable_transition, name="transition"),
    path("deliverables/<int:pk>/attach/", views.deliverable_attach, name="attach"),
    path("deliverables/<int:pk>/file/", views.deliverable_download, name="download"),
]
