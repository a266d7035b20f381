"""Response headers Django 5.2 does not send by itself: the Content-Security-Policy.

Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Opener-Policy and (in production) HSTS, from the SECURE_* settings. The
policy here allows scripts only from the portal's own static files: no inline script,
no inline event handler (``onclick=...``), no ``eval``. Styles may be inline (a few
``style`` attributes and the server-rendered SVG charts use them); scripts may not.

Two decorators for views:
- ``no_referrer``: the page's links do not tell the next site where the visitor came
  from (survey-link pages: the address holds the personal token);
- ``csp_override(**directives)``: a view that needs a different policy says so itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings

CSP_HEADER = "Content-Security-Policy"


def build_policy(directives: dict[str, list[str] | tuple[str, ...]]) -> str:
    return "; ".join(
        f"{name} {' '.join(sources)}" if sources else name for name, sources in directives.items()
    )


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that has none yet, and
    the no-referrer policy of a view decorated with ``no_referrer`` also to the error page
    it ended with (a 404 raised inside the view)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_policy(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "no_referrer", False):
            response.headers["Referrer-Policy"] = "no-referrer"
        overrides = getattr(response, "csp_overrides", None)
        if overrides:
            directives = {**settings.CONTENT_SECURITY_POLICY, **overrides}
            response.headers[CSP_HEADER] = build_policy(directives)
        else:
            response.headers.setdefault(CSP_HEADER, self.policy)
        return response


def no_referrer(view: Callable) -> Callable:
    """Send ``Referrer-Policy: no-referrer``: a click on a link of this page, or a
    resource it loads, tells nobody the page's address (it may hold a personal token).
    Use it on every page reached through a personal link (survey answers)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.no_referrer = True  # for an exception's error page (the middleware)
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def csp_override(**directives: list[str] | tuple[str, ...]) -> Callable:
    """Replace some directives of the policy for one view, e.g.
    ``@csp_override(img_src=["'self'", "data:", "https:"])`` (underscores become dashes).
    Keep it rare, and say why next to it."""
    overrides = {name.replace("_", "-"): list(sources) for name, sources in directives.items()}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.csp_overrides = overrides
            return response

        return wrapper

    return decorator
