"""The demo consortium: seven clusters, a user per role, and loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from clusters.models import Cluster, LabelAward, Member, Project, RoleAssignment
from clusters.selectors import distinct_organisations
from services.demo import EXTRA_SMES
from tracekei import access
from tracekei.accounts.models import User


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Project, Cluster, LabelAward, Member, RoleAssignment, User)
    }


@pytest.mark.django_db
def test_demo_data_loads_the_consortium_and_is_idempotent():
    call_command("load_demo_data", stdout=io.StringIO())
    first = counts()
    call_command("load_demo_data", stdout=io.StringIO())
    assert counts() == first

    project = Project.objects.get(acronym="TRACE-KEI")
    assert project.coordinator_cluster.acronym == "D.A.Re."
    countries = set(Cluster.objects.values_list("country", flat=True))
    assert countries == {"IT", "HU", "DE", "PT", "RO", "BG", "RS"}
    levels = sorted(LabelAward.objects.values_list("level", flat=True))
    # At the start: one silver and three bronze; two bronze labels won during the project.
    assert levels == ["bronze"] * 5 + ["silver"]
    for cluster in Cluster.objects.all():
        # about fifteen surveyed members, plus the SMEs the services demo adds
        assert 15 + EXTRA_SMES <= cluster.members.count() <= 17 + EXTRA_SMES
    assert not Member.objects.filter(is_demo=False).exists()
    # One company is a member of two clusters and counts once.
    assert distinct_organisations(Member.objects.all()) == Member.objects.count() - 1


@pytest.mark.django_db
def test_demo_users_have_their_roles():
    call_command("load_demo_data", stdout=io.StringIO())
    coordinator = User.objects.get(email="coordinator@tracekei.example")
    manager = User.objects.get(email="manager.dare@tracekei.example")
    reviewer = User.objects.get(email="reviewer@tracekei.example")
    assert access.visible_clusters(coordinator).count() == 7
    assert [c.acronym for c in access.visible_clusters(manager)] == ["D.A.Re."]
    assert access.visible_clusters(reviewer).count() == 7
    assert not access.editable_clusters(reviewer).exists()
    assert User.objects.get(email="admin@tracekei.example").is_superuser
    assert manager.check_password("tracekei-demo")
