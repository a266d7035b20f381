"""The register in the admin: scoped, and only the coordinator changes it."""

import pytest
from django.urls import reverse

from tests.factories import DeliverableFactory

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_staff_manager_sees_own_lead_and_cannot_change(client_for, manager_a, cluster_a, cluster_b):
    mine = DeliverableFactory(lead_cluster=cluster_a, title="Led by A")
    DeliverableFactory(lead_cluster=cluster_b, title="Led by B")
    browser = client_for(staff(manager_a))
    listing = browser.get(reverse("admin:deliverables_deliverable_changelist"))
    assert listing.status_code == 200
    assert "Led by A" in listing.content.decode() and "Led by B" not in listing.content.decode()
    change = reverse("admin:deliverables_deliverable_change", args=[mine.pk])
    response = browser.post(change, {"title": "Hijacked"})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.title == "Led by A"
    assert browser.get(reverse("admin:deliverables_deliverable_add")).status_code == 403


def test_staff_coordinator_changes(client_for, coordinator, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a)
    browser = client_for(staff(coordinator))
    change = reverse("admin:deliverables_deliverable_change", args=[deliverable.pk])
    page = browser.get(change)
    assert page.status_code == 200 and 'name="title"' in page.content.decode()
