"""Entries are written once: no change or delete through the model, the ORM, the admin
or (on PostgreSQL) raw SQL; only the two narrow exceptions of the trigger."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import MemberFactory
from tracekei.audit.models import Entry, ReadOnlyEntry

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


@pytest.fixture
def entry(cluster_a):
    MemberFactory(cluster=cluster_a)
    return Entry.objects.latest("pk")


def test_model_refuses_to_update_or_delete(entry):
    entry.object_label = "forged"
    with pytest.raises(ReadOnlyEntry):
        entry.save()
    with pytest.raises(ReadOnlyEntry):
        entry.delete()
    with pytest.raises(ReadOnlyEntry):
        Entry.objects.filter(pk=entry.pk).update(object_label="forged")
    with pytest.raises(ReadOnlyEntry):
        Entry.objects.filter(pk=entry.pk).delete()


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_entry SET object_label = 'forged' WHERE id = %s",
        "UPDATE audit_entry SET changes = '{}' WHERE id = %s",
        "UPDATE audit_entry SET actor_label = 'someone else' WHERE id = %s",
        "DELETE FROM audit_entry WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_sql(entry, sql):
    with (
        pytest.raises(DatabaseError, match="audit entries cannot be"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.object_label != "forged"


@postgres_only
def test_the_scrub_setting_allows_changes_only(entry):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('tracekei.audit_scrub', 'on', true)")
        cursor.execute("UPDATE audit_entry SET changes = '{}' WHERE id = %s", [entry.pk])
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute("UPDATE audit_entry SET action = 'delete' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.changes == {}


@postgres_only
def test_a_deleted_cluster_detaches_its_entries(project):
    from tests.factories import ClusterFactory

    cluster = ClusterFactory(project=project)
    cluster_pk = cluster.pk
    member = MemberFactory(cluster=cluster)
    entry = Entry.objects.get(object_id=str(member.pk), content_type__model="member")
    member.delete()
    cluster.delete()  # SET_NULL is an UPDATE of cluster_id only: allowed
    entry.refresh_from_db()
    assert entry.cluster_id is None and entry.cluster_ref == cluster_pk


def test_the_admin_only_reads(client_for, admin_user, entry):
    client = client_for(admin_user)
    assert client.get("/admin/audit/entry/").status_code == 200
    assert client.get(f"/admin/audit/entry/{entry.pk}/change/").status_code == 200  # a view
    assert client.get("/admin/audit/entry/add/").status_code == 403
    assert client.post(f"/admin/audit/entry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(f"/admin/audit/entry/{entry.pk}/change/", {"object_label": "forged"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.object_label != "forged"
