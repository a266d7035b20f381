from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("privacy/members/<int:pk>/", views.member_data, name="member_data"),
    path("privacy/members/<int:pk>/data.json", views.member_data_json, name="member_data_json"),
    path("privacy/members/<int:pk>/erase/", views.member_erase, name="member_erase"),
]
