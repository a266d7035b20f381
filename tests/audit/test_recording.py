"""What the signals record: who, which cluster, what changed, through the real services
and views."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters import services as cluster_services
from clusters.models import Member
from services import services as service_services
from services.models import ServiceDelivery
from tests.factories import ActivityFactory, MemberFactory, ServiceFactory, UserFactory
from tracekei import audit
from tracekei.audit.models import Entry
from trainings import services as training_services
from trainings.models import Participation

pytestmark = pytest.mark.django_db


def entries_of(obj):
    return Entry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def test_create_then_change_records_actor_cluster_and_the_diff(manager_a, cluster_a):
    member = cluster_services.member_create(
        actor=manager_a,
        cluster=cluster_a,
        name="Oleificio Bianchi",
        member_type="sme",
        country="IT",
    )
    with audit.acting_as(manager_a):
        cluster_services.member_update(
            actor=manager_a, member=Member.objects.get(pk=member.pk), size_class="medium"
        )
    created, changed = entries_of(member)
    assert created.action == "create"
    assert created.changes["name"] == [None, "Oleificio Bianchi"]
    assert created.cluster_id == cluster_a.pk == created.cluster_ref
    assert created.actor_id is None and created.actor_label == "system"  # no request, no acting_as
    assert changed.action == "change"
    assert changed.actor == manager_a and changed.actor_label == manager_a.email
    # Only what changed, before and after
    assert changed.changes == {"size_class": ["", "medium"]}
    assert changed.object_label == "Oleificio Bianchi"


def test_a_save_that_changes_nothing_records_nothing(manager_a, cluster_a):
    member = MemberFactory(cluster=cluster_a)
    before = Entry.objects.count()
    Member.objects.get(pk=member.pk).save()
    assert Entry.objects.count() == before


def test_change_through_the_view_names_the_signed_in_user(client_for, manager_a, cluster_a):
    member = MemberFactory(cluster=cluster_a, name="Old Name Srl", contact_email="")
    data = {
        "name": "New Name Srl",
        "member_type": member.member_type,
        "size_class": member.size_class,
        "country": "IT",
        "preferred_language": "en",
    }
    response = client_for(manager_a).post(f"/members/{member.pk}/edit/", data)
    assert response.status_code == 302, response.content[:2000]
    entry = entries_of(member).last()
    assert entry.action == "change"
    assert entry.actor == manager_a
    assert entry.changes["name"] == ["Old Name Srl", "New Name Srl"]
    assert entry.ip == "127.0.0.1" and entry.request_id


def test_delete_records_the_values_before_and_the_cluster_through_a_parent(manager_a, cluster_a):
    activity = ActivityFactory(organising_cluster=cluster_a, status="planned")
    participation = Participation.objects.create(
        activity=activity, name="Outside Person", email="outside@example.org"
    )
    pk = participation.pk
    with audit.acting_as(manager_a):
        training_services.participation_remove(
            actor=manager_a, participation=Participation.objects.get(pk=pk)
        )
    entry = Entry.objects.filter(object_id=str(pk), action="delete").get(
        content_type__model="participation"
    )
    assert entry.cluster_id == cluster_a.pk
    assert entry.actor == manager_a
    assert entry.changes["email"] == ["outside@example.org", None]


def test_a_bulk_delivery_makes_one_bulk_entry(manager_a, cluster_a):
    service = ServiceFactory(cluster=cluster_a)
    members = MemberFactory.create_batch(3, cluster=cluster_a)
    before = Entry.objects.filter(content_type__model="servicedelivery").count()
    with audit.acting_as(manager_a):
        result = service_services.delivery_record_bulk(
            actor=manager_a, service=service, members=members, delivered_on=dt.date(2017, 6, 1)
        )
    assert result.created == 3 == ServiceDelivery.objects.filter(service=service).count()
    new = Entry.objects.filter(content_type__model="servicedelivery")[:10]
    assert Entry.objects.filter(content_type__model="servicedelivery").count() == before + 1
    (entry,) = [e for e in new if e.action == "bulk"]
    assert entry.changes["rows"] == [None, 3]
    assert entry.cluster_id == cluster_a.pk and entry.actor == manager_a


def test_a_second_identical_delivery_records_no_bulk_entry(manager_a, cluster_a):
    service = ServiceFactory(cluster=cluster_a)
    members = MemberFactory.create_batch(2, cluster=cluster_a)
    day = dt.date(2017, 6, 1)
    service_services.delivery_record_bulk(
        actor=manager_a, service=service, members=members, delivered_on=day
    )
    count = Entry.objects.filter(action="bulk").count()
    service_services.delivery_record_bulk(
        actor=manager_a, service=service, members=members, delivered_on=day
    )
    assert Entry.objects.filter(action="bulk").count() == count


def test_secrets_are_never_copied(cluster_a):
    from trainings.models import CalendarFeed  # exempt: a secret only

    assert CalendarFeed  # (not registered at all)
    from tests.factories import InvitationFactory

    invitation = InvitationFactory(campaign__cluster=cluster_a)
    entry = entries_of(invitation).get()
    assert "token_hash" not in entry.changes and "token_salt" not in entry.changes
    assert entry.changes["email"][1] == invitation.email
    assert entry.cluster_id == cluster_a.pk


def test_extra_queries_of_an_audited_save(cluster_a):
    """One INSERT of the entry per audited save when the cluster id is on the row; the
    diff itself costs no query (the loaded values are kept at post_init)."""
    member = Member.objects.get(pk=MemberFactory(cluster=cluster_a).pk)
    member.size_class = "large"
    with CaptureQueriesContext(connection) as queries:
        member.save()
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 2, statements  # the UPDATE and the entry's INSERT
    assert statements[1].startswith('INSERT INTO "audit_entry"')


def test_user_deleted_keeps_the_label(cluster_a):
    user = UserFactory()
    with audit.acting_as(user):
        member = MemberFactory(cluster=cluster_a)
    user.delete()
    entry = entries_of(member).get()
    assert entry.actor_id is None and entry.actor_label == user.email


def test_entries_about_people_are_labelled_by_number_and_respondents_leave_no_ip(
    manager_a, cluster_a
):
    """An entry must not be where a person's name outlives the retention purge (which
    blanks invitations in bulk, past the signals), nor where an anonymous respondent's
    address could name them: invitations are labelled by number, and only a signed-in
    user's IP address is kept."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from tests.factories import CampaignFactory, InvitationFactory
    from tracekei.audit import context

    invitation = InvitationFactory(
        campaign=CampaignFactory(cluster=cluster_a), name="Ada Rossi", email="ada@sme.example"
    )
    respondent = RequestFactory().get("/s/x/", REMOTE_ADDR="203.0.113.9")
    respondent.user = AnonymousUser()
    with context.for_request(respondent):
        invitation.status = "opened"
        invitation.save()
    opened = entries_of(invitation).last()
    assert opened.object_label == f"invitation #{invitation.pk}"
    assert "Ada" not in str(opened.changes) and "ada@" not in str(opened.changes)
    assert (opened.actor_label, opened.ip) == ("anonymous", None)

    manager = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    manager.user = manager_a
    member = MemberFactory(cluster=cluster_a, name="Oleificio Sud")
    with context.for_request(manager):
        member.name = "Oleificio Sud Srl"
        member.save()
    changed = entries_of(member).last()
    assert (changed.actor, changed.ip, changed.object_label) == (
        manager_a,
        "198.51.100.7",
        "Oleificio Sud Srl",
    )
