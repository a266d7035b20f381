"""The register's demo data: per work package, one overdue, one submitted late; idempotent."""

import pytest

from tests.factories import ClusterFactory, make_coordinator, make_manager
from tracekei.deliverables import demo
from tracekei.deliverables.models import Deliverable

pytestmark = pytest.mark.django_db


def test_demo_deliverables(project):
    clusters = {
        slug: ClusterFactory(project=project, slug=slug, acronym=slug.upper())
        for slug in ("dare", "innoskart", "bioma", "mapar", "agroco", "green-synergy", "cluee")
    }
    users = {"coordinator": make_coordinator(project)}
    managers = {slug: make_manager(cluster) for slug, cluster in clusters.items()}
    created = demo.load(project=project, clusters=clusters, users=users, managers=managers)
    assert created > len(demo.DELIVERABLES)
    rows = Deliverable.objects.filter(project=project)
    assert set(rows.values_list("work_package", flat=True)) == {"wp0", "wp1", "wp2", "wp3", "wp4"}
    assert [d.number for d in rows.overdue()] == ["D4.3"]
    late = [d for d in rows if d.submitted_late]
    assert [d.number for d in late] == ["D2.2"] and late[0].late_justification
    assert rows.filter(status="approved").count() >= 8
    assert all(d.history.exists() for d in rows)
    assert demo.load(project=project, clusters=clusters, users=users, managers=managers) == 0
