"""Tells the user when the work their request queued waits for the task queue."""

from django.contrib import messages
from django.utils.translation import gettext as _

from tracekei import outbox


class OutboxNoticeMiddleware:
    """After a request whose task could not be handed to the broker (Redis away), a
    message says the work is saved and will run when the task queue is back. It sits
    after MessageMiddleware, so the message is stored with this response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = outbox.reset_context()
        try:
            response = self.get_response(request)
            if outbox.failed_in_this_context() and hasattr(request, "_messages"):
                messages.warning(
                    request,
                    _(
                        "The task queue is unavailable right now. Your request is saved "
                        "and will be processed automatically when it is back."
                    ),
                )
            return response
        finally:
            outbox._failed.reset(token)
