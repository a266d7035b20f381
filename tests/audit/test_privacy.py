"""person_erased reaches the trail: the erased row's values and the values naming the
person's e-mail become "[erased]"; an erase entry says so."""

import pytest

from clusters.models import Member
from tests.factories import MemberFactory
from tracekei.audit.models import Entry
from tracekei.privacy.signals import person_erased

pytestmark = pytest.mark.django_db


def test_scrub_on_person_erased(cluster_a, coordinator):
    member = MemberFactory(
        cluster=cluster_a, contact_name="Anna Rossi", contact_email="anna@x.example"
    )
    member.contact_name = "Anna Bianchi"
    member.save()
    other = MemberFactory(cluster=cluster_a, name="Other Srl", contact_email="anna@x.example")
    untouched = MemberFactory(cluster=cluster_a, name="Third Srl")
    # The eraser anonymises the row, then tells the keepers of copies.
    member.contact_name, member.contact_email = "", ""
    member.save()
    person_erased.send(sender=Member, instance=member, emails={"Anna@x.example"}, actor=coordinator)
    own = Entry.objects.filter(content_type__model="member", object_id=str(member.pk))
    for entry in own.exclude(action="erase"):
        assert entry.object_label == "[erased]"
        for before, after in entry.changes.values():
            assert before in (None, "[erased]") and after in (None, "[erased]")
        assert "contact_name" in entry.changes or entry.action == "change"
    erase = own.get(action="erase")
    assert erase.actor == coordinator and erase.cluster_id == cluster_a.pk
    # Another member's entry naming the address: the personal values only.
    other_entry = Entry.objects.get(content_type__model="member", object_id=str(other.pk))
    assert other_entry.changes["contact_email"] == [None, "[erased]"]
    assert other_entry.changes["contact_name"] == [None, "[erased]"]
    assert other_entry.changes["name"] == [None, "Other Srl"]
    third = Entry.objects.get(content_type__model="member", object_id=str(untouched.pk))
    assert third.changes["contact_name"] == [None, "Anna Rossi"]  # another person: kept


def test_an_erased_user_who_acted_keeps_the_act_not_the_name(cluster_a, manager_a):
    from tracekei import audit

    with audit.acting_as(manager_a):
        member = MemberFactory(cluster=cluster_a, name="Acted On Srl")
    person_erased.send(
        sender=type(manager_a), instance=manager_a, emails={manager_a.email}, actor=None
    )
    entry = Entry.objects.get(content_type__model="member", object_id=str(member.pk))
    assert entry.actor_label == "[erased]"
    assert entry.changes["name"] == [None, "Acted On Srl"]
