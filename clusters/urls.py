from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("clusters/", views.cluster_list, name="list"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="detail"),
    path("clusters/<slug:slug>/members/new/", views.member_create, name="member_create"),
    path("clusters/<slug:slug>/members/import/", views.member_import, name="member_import"),
    path(
        "clusters/<slug:slug>/members/import/<int:pk>/",
        views.member_import_preview,
        name="member_import_preview",
    ),
    path(
        "clusters/<slug:slug>/members/import/<int:pk>/apply/",
        views.member_import_apply,
        name="member_import_apply",
    ),
    path("clusters/<slug:slug>/labels/new/", views.label_award_create, name="label_create"),
    path("clusters/<slug:slug>/invite/", views.invitation_create, name="invitation_create"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_update, name="member_update"),
    path("invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
]
