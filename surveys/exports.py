"""The survey answers in the portal's dataset exports (``tracekei.exports``); a
campaign's own answers file (``views.results.campaign_export``) uses the same writers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register(registry) -> None:
    from .results import answer_rows

    registry.add("survey-answers", _("Survey answers"), answer_rows, app="surveys")
