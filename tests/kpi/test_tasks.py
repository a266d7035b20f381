"""The beat schedule names tasks that exist; the nightly rollup rolls every project up."""

import pytest
from django.conf import settings

from tracekei.celery import app
from tracekei.kpi.models import RollupRun, Snapshot
from tracekei.kpi.tasks import rollup_all


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"kpi.rollup_all", "kpi.remind_reports"} <= names
    assert names <= set(app.tasks)


@pytest.mark.django_db
def test_the_nightly_rollup_computes_each_project(
    records, project, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert rollup_all() == 1
    assert RollupRun.objects.get().status == RollupRun.Status.DONE
    assert Snapshot.objects.count() == 2
