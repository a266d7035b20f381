"""The coordinator's pages: what they show, to whom, and at a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClusterFactory, MemberFactory, ProjectFactory, make_coordinator
from tracekei import audit
from tracekei.audit.models import Entry

pytestmark = pytest.mark.django_db


def test_coordinator_sees_the_trail_and_filters_it(client_for, coordinator, cluster_a, cluster_b):
    MemberFactory(cluster=cluster_a, name="Alpha Member Srl")
    MemberFactory(cluster=cluster_b, name="Beta Member Srl")
    client = client_for(coordinator)
    page = client.get("/audit/").content.decode()
    assert "Alpha Member Srl" in page and "Beta Member Srl" in page
    page = client.get(f"/audit/?cluster={cluster_a.pk}").content.decode()
    assert "Alpha Member Srl" in page and "Beta Member Srl" not in page


def test_another_projects_entries_are_not_shown(client_for, coordinator):
    elsewhere = ClusterFactory(project=ProjectFactory(acronym="OTHER"))
    member = MemberFactory(cluster=elsewhere, name="Elsewhere Srl")
    client = client_for(coordinator)
    assert "Elsewhere Srl" not in client.get("/audit/").content.decode()
    response = client.get(f"/audit/clusters.member/{member.pk}/")
    assert response.status_code == 200 and "Elsewhere Srl" not in response.content.decode()
    other_coordinator = make_coordinator(elsewhere.project)
    assert "Elsewhere Srl" in client_for(other_coordinator).get("/audit/").content.decode()


def test_a_coordinator_sees_neither_a_project_they_only_view_nor_clusterless_activities(
    client_for, coordinator
):
    """Coordinating project A and viewing a cluster of project B gives B's trail to nobody;
    a dissemination activity (several clusters, no project on the row) is the admin's."""
    from dissemination.models import DisseminationActivity
    from tests.factories import RoleAssignment, make_activity

    elsewhere = ClusterFactory(project=ProjectFactory(acronym="OTHER"))
    RoleAssignment.objects.create(user=coordinator, role="viewer", cluster=elsewhere)
    MemberFactory(cluster=elsewhere, name="Viewed Elsewhere Srl")
    make_activity(elsewhere, title="Their unpublished talk")
    assert DisseminationActivity.objects.filter(title="Their unpublished talk").exists()
    page = client_for(coordinator).get("/audit/").content.decode()
    assert "Viewed Elsewhere Srl" not in page
    assert "Their unpublished talk" not in page


def test_a_bad_filter_shows_the_error_and_nothing_else(client_for, coordinator, cluster_a):
    MemberFactory(cluster=cluster_a, name="Alpha Member Srl")
    response = client_for(coordinator).get("/audit/?since=not-a-date")
    assert response.status_code == 400
    assert "Alpha Member Srl" not in response.content.decode()


@pytest.mark.parametrize("role", ["manager_a", "viewer_a", "manager_b"])
def test_others_are_told_it_does_not_exist(request, client_for, role, cluster_a):
    member = MemberFactory(cluster=cluster_a)
    client = client_for(request.getfixturevalue(role))
    assert client.get("/audit/").status_code == 404
    assert client.get(f"/audit/clusters.member/{member.pk}/").status_code == 404


def test_object_history_and_the_link_on_the_detail_page(
    client_for, coordinator, manager_a, cluster_a
):
    member = MemberFactory(cluster=cluster_a, name="Gamma Srl")
    with audit.acting_as(manager_a):
        member.name = "Gamma Nuova Srl"
        member.save()
    client = client_for(coordinator)
    detail = client.get(f"/members/{member.pk}/").content.decode()
    history_url = f"/audit/clusters.member/{member.pk}/"
    assert history_url in detail
    page = client.get(history_url).content.decode()
    assert "Gamma Nuova Srl" in page and manager_a.email in page
    assert history_url not in client_for(manager_a).get(f"/members/{member.pk}/").content.decode()


def test_an_unaudited_or_unknown_model_is_404(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get("/audit/accounts.user/1/").status_code == 404
    assert client.get("/audit/nothing/1/").status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/audit/", "/audit/?cluster={cluster}", "object"])
def test_constant_queries(client_for, coordinator, cluster_a, cluster_b, url):
    member = MemberFactory(cluster=cluster_a)
    client = client_for(coordinator)
    target = (
        f"/audit/clusters.member/{member.pk}/"
        if url == "object"
        else url.format(cluster=cluster_a.pk)
    )
    client.get(target)  # warm the content-type cache
    few = count_queries(client, target)
    for number in range(30):
        MemberFactory(cluster=cluster_a if number % 2 else cluster_b)
        member.name = f"Renamed {number}"
        member.save()
    assert Entry.objects.count() > 60
    assert count_queries(client, target) == few
