"""Celery entry point of the reports layer (queued after commit by services.report_request)."""

from celery import shared_task


@shared_task(name="reports.generate", acks_late=True)
def generate(request_id: int) -> str:
    """Safe to run twice: a done request is left alone (services.report_generate)."""
    from .models import ReportRequest
    from .services import report_generate

    if not ReportRequest.objects.filter(pk=request_id).exists():
        return "missing"
    return report_generate(request_id=request_id).status


@shared_task(name="reports.sweep")
def sweep() -> int:
    """Celery beat: requests left queued or running by a lost worker become failed."""
    from .services import report_sweep

    return report_sweep()
