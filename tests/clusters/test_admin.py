"""The Django admin, scoped like every page: a staff manager sees only their cluster."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from clusters.models import Member
from tests.factories import LabelAwardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_manager_a(manager_a):
    manager_a.is_staff = True
    manager_a.save(update_fields=["is_staff"])
    return manager_a


def changelist_names(response):
    assert response.status_code == 200
    return sorted(str(obj) for obj in response.context["cl"].result_list)


def test_staff_manager_sees_only_own_members(client_for, staff_manager_a, member_a, member_b):
    response = client_for(staff_manager_a).get(reverse("admin:clusters_member_changelist"))

    assert changelist_names(response) == ["Alpha Robotics Srl"]
    body = response.content.decode()
    assert "Beta Secret Kft" not in body
    assert "BETA" not in body  # not even as a filter choice


def test_staff_manager_search_stays_in_scope(client_for, staff_manager_a, member_a, member_b):
    url = reverse("admin:clusters_member_changelist") + "?q=Secret"

    assert changelist_names(client_for(staff_manager_a).get(url)) == []


def test_staff_manager_cannot_open_another_clusters_member(
    client_for, staff_manager_a, member_a, member_b
):
    client = client_for(staff_manager_a)

    own = client.get(reverse("admin:clusters_member_change", args=[member_a.pk]))
    assert own.status_code == 200
    assert "Alpha Robotics Srl" in own.content.decode()

    for name in ("change", "history", "delete"):
        url = reverse(f"admin:clusters_member_{name}", args=[member_b.pk])
        response = client.get(url)
        # Django's admin treats an object outside get_queryset as missing: back to the index.
        assert response.status_code == 302, name
        assert response["Location"] == reverse("admin:index")
        assert "Perhaps it was deleted" in " ".join(
            str(m) for m in get_messages(response.wsgi_request)
        )
        assert "Beta Secret Kft" not in response.content.decode()


def test_staff_manager_cannot_change_or_delete_another_clusters_member(
    client_for, staff_manager_a, member_b
):
    client = client_for(staff_manager_a)

    changed = client.post(
        reverse("admin:clusters_member_change", args=[member_b.pk]),
        {"name": "Hijacked", "member_type": "sme", "country": "HU", "cluster": member_b.cluster_id},
    )
    deleted = client.post(
        reverse("admin:clusters_member_delete", args=[member_b.pk]), {"post": "yes"}
    )

    assert changed.status_code == 302
    assert changed["Location"] == reverse("admin:index")
    assert deleted.status_code == 302
    assert deleted["Location"] == reverse("admin:index")
    member_b.refresh_from_db()
    assert member_b.name == "Beta Secret Kft"


def test_staff_manager_cannot_add_a_member_to_another_cluster(
    client_for, staff_manager_a, cluster_a, cluster_b
):
    client = client_for(staff_manager_a)
    add_url = reverse("admin:clusters_member_add")

    form = client.get(add_url)
    assert form.status_code == 200
    choices = list(form.context["adminform"].form.fields["cluster"].queryset)
    assert choices == [cluster_a]

    response = client.post(
        add_url,
        {
            "cluster": cluster_b.pk,
            "name": "Smuggled Kft",
            "member_type": "sme",
            "country": "HU",
            "preferred_language": "en",
            "sectors": [],
        },
    )

    assert response.status_code == 200  # the form comes back with an error
    assert "cluster" in response.context["adminform"].form.errors
    assert not Member.objects.filter(name="Smuggled Kft").exists()


def test_staff_manager_sees_only_own_clusters_and_labels(
    client_for, staff_manager_a, cluster_a, cluster_b
):
    LabelAwardFactory(cluster=cluster_a, level="gold")
    LabelAwardFactory(cluster=cluster_b, level="silver")
    client = client_for(staff_manager_a)

    assert changelist_names(client.get(reverse("admin:clusters_cluster_changelist"))) == ["ALPHA"]
    labels = client.get(reverse("admin:clusters_labelaward_changelist"))
    assert [label.cluster.acronym for label in labels.context["cl"].result_list] == ["ALPHA"]
    other = client.get(reverse("admin:clusters_cluster_change", args=[cluster_b.pk]))
    assert other.status_code == 302
    assert other["Location"] == reverse("admin:index")


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:clusters_project_changelist",
        "admin:clusters_roleassignment_changelist",
        "admin:clusters_sector_changelist",
        "admin:accounts_user_changelist",
    ],
)
def test_staff_manager_cannot_see_consortium_wide_models(client_for, staff_manager_a, url_name):
    response = client_for(staff_manager_a).get(reverse(url_name))

    assert response.status_code == 403


def test_staff_manager_index_lists_only_scoped_models(client_for, staff_manager_a):
    response = client_for(staff_manager_a).get(reverse("admin:index"))

    assert response.status_code == 200
    models = {
        model["object_name"] for app in response.context["app_list"] for model in app["models"]
    }
    assert "Member" in models
    assert "Cluster" in models
    assert models.isdisjoint({"Project", "RoleAssignment", "Sector", "User"})


def test_superuser_sees_everything(client_for, admin_user, member_a, member_b):
    client = client_for(admin_user)

    members = client.get(reverse("admin:clusters_member_changelist"))
    assert changelist_names(members) == ["Alpha Robotics Srl", "Beta Secret Kft"]
    assert (
        client.get(reverse("admin:clusters_member_change", args=[member_b.pk])).status_code == 200
    )
    for url_name in (
        "admin:clusters_project_changelist",
        "admin:clusters_roleassignment_changelist",
        "admin:accounts_user_changelist",
    ):
        assert client.get(reverse(url_name)).status_code == 200, url_name
    index = client.get(reverse("admin:index"))
    models = {m["object_name"] for app in index.context["app_list"] for m in app["models"]}
    assert {"Project", "RoleAssignment", "User", "Member"} <= models


def test_non_staff_manager_is_kept_out_of_the_admin(client_for, manager_a, member_a):
    response = client_for(manager_a).get(reverse("admin:clusters_member_changelist"))

    assert response.status_code in (302, 403)
    assert "Alpha Robotics Srl" not in response.content.decode()


def test_admin_login_redirects_anonymous_users_to_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_admin_pages_redirect_anonymous_users_to_a_log_in(client, member_a):
    response = client.get(reverse("admin:clusters_member_changelist"), follow=True)

    assert response.redirect_chain
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "Alpha Robotics Srl" not in response.content.decode()


def test_staff_manager_opens_own_cluster_in_the_admin(client_for, staff_manager_a, cluster_a):
    response = client_for(staff_manager_a).get(
        reverse("admin:clusters_cluster_change", args=[cluster_a.pk])
    )

    assert response.status_code == 200
    assert response.context["original"] == cluster_a
    # A scoped user cannot move the cluster to another project (out of its coordinator's view).
    form_fields = response.context["adminform"].form.fields
    assert "project" not in form_fields
    assert "slug" not in form_fields
    assert "website" in form_fields


def test_superuser_edits_a_cluster_website_in_the_admin(client_for, admin_user, cluster_a):
    client = client_for(admin_user)
    url = reverse("admin:clusters_cluster_change", args=[cluster_a.pk])

    assert client.get(url).status_code == 200
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("sectors",)
    }
    data.update(
        {
            "project": cluster_a.project_id,
            "website": "alpha.example",
            "labels-TOTAL_FORMS": "0",
            "labels-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    cluster_a.refresh_from_db()
    assert cluster_a.website == "https://alpha.example"


def test_deleting_a_member_with_service_deliveries_lists_them_for_a_staff_manager(
    client_for, staff_manager_a, member_a
):
    # The delete page asks each related row's admin whether it may be deleted; the
    # deliveries' admin reaches its cluster through service__cluster, a lookup path that
    # was once read as one attribute (a 500, found by the permission matrix).
    from tests.factories import ServiceDeliveryFactory

    ServiceDeliveryFactory(service__cluster=member_a.cluster, member=member_a)
    url = reverse("admin:clusters_member_delete", args=[member_a.pk])
    response = client_for(staff_manager_a).get(url)
    assert response.status_code == 200
    assert "delivery" in response.content.decode().lower()
