"""Two tiny views for the header decorators' tests, mounted beside the portal's URLs."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from tracekei.security import csp_override, no_referrer
from tracekei.urls import urlpatterns as portal_urlpatterns


@login_not_required
@no_referrer
def personal_link_page(request):
    return HttpResponse("<p>a page reached through a personal link</p>")


@login_not_required
@csp_override(img_src=["'self'", "https://images.example"])
def relaxed_page(request):
    return HttpResponse("<p>a page with a relaxed image policy</p>")


urlpatterns = [
    path("test-security/personal/", personal_link_page),
    path("test-security/relaxed/", relaxed_page),
    *portal_urlpatterns,
]
