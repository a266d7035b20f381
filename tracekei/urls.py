from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import plugins, views

# The admin's log-in goes through allauth (rate limits, e-mail log-in).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "TRACE-KEI portal administration"
admin.site.site_title = "TRACE-KEI admin"

router = DefaultRouter()
for api_module in plugins.app_modules("api"):
    api_module.register(router)

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("tracekei.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("tracekei.security.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (?script), not inline: the
    # Content-Security-Policy allows no inline script (tracekei/security/headers.py).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Choosing a language is open to everyone, the log-in page's visitors first of all.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
# Each work-package app names its own paths (clusters/..., services/..., ...).
urlpatterns += [
    path("", include(f"{app}.urls"))
    for app in (*plugins.WORK_PACKAGE_APPS, *plugins.CROSS_CUTTING_APPS)
]

if settings.SERVER_TIMING:  # the benchmark's floor views (tracekei/bench/timing.py)
    from tracekei.bench import timing

    urlpatterns += timing.urlpatterns()
