"""The project's own URLs (tracekei/urls.py): dashboard, health, API root and schema."""

from tests.permissions import API_ANONYMOUS, page, public, signed_in

URLS = {
    "dashboard": page(
        get=signed_in(anonymous=302), note="a visitor is sent to the public project site"
    ),
    "healthz": page(get=public(), note="the load balancer's probe: open to all"),
    "api-root": page(get=signed_in(anonymous=API_ANONYMOUS)),
    "api-schema": page(get=signed_in(anonymous=API_ANONYMOUS)),
    "api-docs": page(get=signed_in(anonymous=API_ANONYMOUS)),
    "set_language": page(
        post=public(302), note="open: the log-in page's visitors choose a language"
    ),
}
