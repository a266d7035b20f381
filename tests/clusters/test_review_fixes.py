"""Edge cases found in review: a label's last day, implausible dates, members who leave
later, and sorting that must not shuffle rows between pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters.models import LabelAward
from clusters.selectors import cluster_list
from tests.factories import LabelAwardFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_a_label_on_its_last_day_is_current_and_flagged(client_for, manager_a, cluster_a):
    today = timezone.localdate()
    LabelAwardFactory(
        cluster=cluster_a,
        level="silver",
        awarded_on=today.replace(year=today.year - 2),
        valid_until=today,
    )
    page = client_for(manager_a).get(reverse("clusters:detail", args=[cluster_a.slug]))
    html = page.content.decode()
    assert page.context["current_label"] is not None
    assert [label.state for label in page.context["labels"]] == ["current"]
    assert page.context["label_expires_soon"] is True
    assert "not yet valid" not in html


def test_an_older_label_still_running_beside_a_newer_one_is_valid_not_current(
    client_for, manager_a, cluster_a
):
    today = timezone.localdate()
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=today - dt.timedelta(days=300))
    LabelAwardFactory(cluster=cluster_a, level="silver", awarded_on=today - dt.timedelta(days=10))
    page = client_for(manager_a).get(reverse("clusters:detail", args=[cluster_a.slug]))
    states = {label.level: label.state for label in page.context["labels"]}
    assert states == {"silver": "current", "bronze": "valid"}


def test_a_label_date_far_in_the_future_is_a_form_error_not_a_500(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        reverse("clusters:label_create", args=[cluster_a.slug]),
        {"level": "gold", "awarded_on": "9999-01-01", "valid_until": ""},
    )
    assert response.status_code == 200
    assert "awarded_on" in response.context["form"].errors
    assert not LabelAward.objects.exists()


def test_a_label_awarded_on_29_february_runs_to_28_february():
    assert LabelAward.default_valid_until(dt.date(2024, 2, 29)) == dt.date(2026, 2, 28)
    assert LabelAward.default_valid_until(dt.date(2024, 3, 1)) == dt.date(2026, 3, 1)


def test_a_member_leaving_next_month_is_still_a_member(client_for, manager_a, cluster_a, project):
    today = timezone.localdate()
    MemberFactory(cluster=cluster_a, name="Staying Srl")
    MemberFactory(cluster=cluster_a, name="Leaving Later Srl", left_on=today + dt.timedelta(30))
    MemberFactory(cluster=cluster_a, name="Gone Srl", left_on=today - dt.timedelta(30))

    counted = cluster_list(user=manager_a).get(pk=cluster_a.pk)
    assert counted.member_count == 2
    client = client_for(manager_a)
    active = client.get(reverse("clusters:member_list"), {"status": "active"})
    left = client.get(reverse("clusters:member_list"), {"status": "left"})
    assert sorted(m.name for m in active.context["page"]) == ["Leaving Later Srl", "Staying Srl"]
    assert [m.name for m in left.context["page"]] == ["Gone Srl"]


@pytest.mark.parametrize("sort", ["type", "-type", "country", "cluster"])
def test_sorting_by_a_column_with_ties_shows_every_member_once(
    client_for, coordinator, cluster_a, cluster_b, sort
):
    for number in range(60):
        MemberFactory(cluster=cluster_a if number % 2 else cluster_b, name=f"Tie {number:02d}")
    client = client_for(coordinator)
    seen = []
    for page in (1, 2, 3):
        response = client.get(reverse("clusters:member_list"), {"sort": sort, "page": page})
        seen += [member.pk for member in response.context["page"]]
    assert len(seen) == 60
    assert len(set(seen)) == 60


def test_api_ordering_with_ties_shows_every_member_once(client_for, coordinator, cluster_a):
    for number in range(60):
        MemberFactory(cluster=cluster_a, name=f"Same {number:02d}", country="IT")
    client = client_for(coordinator)
    seen = []
    for page in (1, 2):
        response = client.get("/api/members/", {"ordering": "country", "page": page})
        seen += [row["id"] for row in response.json()["results"]]
    assert sorted(seen) == sorted(set(seen))
    assert len(seen) == 60
