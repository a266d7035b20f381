"""Names the signed-in user as the actor of every audited write made by the request.

The user is read when an entry is written, not here: a page that writes nothing costs
nothing, and an API request authenticated by DRF (token) is seen as its user too (DRF
sets the user on the underlying request)."""

from . import context


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with context.for_request(request):
            return self.get_response(request)
