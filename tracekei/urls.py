from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from clusters.api import ClusterViewSet, MemberViewSet

from . import views

# The admin's log-in goes through allauth (rate limits, e-mail log-in).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "TRACE-KEI portal administration"
admin.site.site_title = "TRACE-KEI admin"

router = DefaultRouter()
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("members", MemberViewSet, basename="member")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("tracekei.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("clusters.urls")),
]
