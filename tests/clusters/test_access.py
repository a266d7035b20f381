"""The one place that decides who sees what: what each role includes and excludes."""

import pytest

from clusters.models import Member
from tests.factories import ClusterFactory, MemberFactory, ProjectFactory, UserFactory
from tracekei import access


@pytest.mark.django_db
def test_manager_sees_only_own_cluster(manager_a, cluster_a, cluster_b):
    assert list(access.visible_clusters(manager_a)) == [cluster_a]
    assert list(access.editable_clusters(manager_a)) == [cluster_a]
    assert cluster_b not in access.visible_clusters(manager_a)


@pytest.mark.django_db
def test_viewer_reads_but_does_not_change(viewer_a, cluster_a, cluster_b):
    assert list(access.visible_clusters(viewer_a)) == [cluster_a]
    assert not access.editable_clusters(viewer_a).exists()
    assert not access.can_change_cluster(viewer_a, cluster_a)


@pytest.mark.django_db
def test_coordinator_sees_every_cluster_of_the_project_and_no_other(coordinator, project):
    other_project = ProjectFactory(acronym="OTHER")
    outsider = ClusterFactory(project=other_project)
    visible = set(access.visible_clusters(coordinator))
    assert visible == set(project.clusters.all())
    assert outsider not in visible
    assert access.is_coordinator(coordinator)


@pytest.mark.django_db
def test_admin_sees_all_and_nobody_sees_anything_without_a_role(admin_user, cluster_a, cluster_b):
    assert set(access.visible_clusters(admin_user)) == {cluster_a, cluster_b}
    nobody = UserFactory()
    assert not access.visible_clusters(nobody).exists()
    assert not access.is_coordinator(nobody)


@pytest.mark.django_db
def test_inactive_user_sees_nothing(manager_a):
    manager_a.is_active = False
    manager_a.save()
    assert not access.visible_clusters(manager_a).exists()


@pytest.mark.django_db
def test_scope_excludes_other_clusters_rows(manager_a, cluster_a, cluster_b):
    mine = MemberFactory(cluster=cluster_a)
    theirs = MemberFactory(cluster=cluster_b)
    scoped = access.scope(Member.objects.all(), manager_a)
    assert mine in scoped
    assert theirs not in scoped
