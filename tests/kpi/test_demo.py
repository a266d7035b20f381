"""The KPI demo: TRACE-KEI's targets, a history, one real rollup; loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tracekei.kpi.demo import TRACE_KEI_TARGETS
from tracekei.kpi.models import Indicator, ManualReport, RollupRun, Snapshot

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Indicator, Snapshot, RollupRun, ManualReport)}


def test_the_demo_has_the_targets_and_new_bronze_labels_shows_2_of_3():
    call_command("load_demo_data", stdout=io.StringIO())
    first = counts()
    call_command("load_demo_data", stdout=io.StringIO())
    assert counts() == first
    targets = dict(Indicator.objects.filter(is_project_target=True).values_list("code", "target"))
    assert targets == TRACE_KEI_TARGETS
    assert set(Indicator.objects.values_list("code", flat=True)) >= {
        "collaborations_formed",
        "policy_dialogues",
    }
    today = Snapshot.objects.get(indicator__code="new_bronze_labels", taken_on=timezone.localdate())
    assert today.value == 2
    history = Snapshot.objects.filter(indicator__code="new_bronze_labels").order_by("taken_on")
    assert [s.value for s in history] == [0, 0, 1, 2]
    stories = Snapshot.objects.get(indicator__code="success_stories")
    assert stories.value == 3  # D.A.Re.'s latest approved 2 + INNOSKART's 1; CluEE's waits
