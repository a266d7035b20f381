from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("services/", views.service_list, name="list"),
    path("services/matrix/", views.service_matrix, name="matrix"),
    path("services/reference/", views.reference_portfolio, name="reference"),
    path("services/reference/<int:pk>/", views.reference_portfolio, name="reference_edit"),
    path("services/reference/<int:pk>/delete/", views.reference_delete, name="reference_delete"),
    path("services/categories/", views.category_list, name="categories"),
    path("services/categories/<int:pk>/", views.category_list, name="category_edit"),
    path("services/mappings/", views.mapping_overview, name="mappings"),
    path("services/mappings/<slug:slug>/<str:period>/", views.mapping_edit, name="mapping_edit"),
    path("services/new/<slug:slug>/", views.service_create, name="create"),
    path("services/excellence/<slug:slug>/", views.excellence, name="excellence"),
    path("services/excellence/<slug:slug>/new/", views.excellence_create, name="excellence_create"),
    path("services/<int:pk>/", views.service_detail, name="detail"),
    path("services/<int:pk>/edit/", views.service_update, name="update"),
    path("services/<int:pk>/deliver/", views.delivery_create, name="deliver"),
    path("services/<int:pk>/import/", views.delivery_import, name="delivery_import"),
    path("services/<int:pk>/assess/", views.assessment_create, name="assess"),
]
