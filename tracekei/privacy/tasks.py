"""Celery entry points of the privacy layer: the daily retention purge (beat)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="privacy.purge_survey_personal_data")
def purge_survey_personal_data() -> int:
    """Safe to run twice: the purge only picks rows not purged yet."""
    from .services import purge_survey_personal_data as purge

    result = purge()
    logger.info("survey retention purge: %d campaigns, %d rows", result.campaigns, result.rows)
    return result.rows
