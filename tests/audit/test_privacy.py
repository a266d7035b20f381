"""person_erased reaches the trail: the erased row's personal values and the values naming
the person (the address anywhere, the name as whole words, in their project) become
"[erased]"; an erase entry says so."""

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
        # The person's values go; the organisation's history (its name, size) stays.
        for field in ("contact_name", "contact_email"):
            if field in entry.changes:
                assert set(entry.changes[field]) <= {None, "[erased]"}, entry.changes
        assert "anna" not in str(entry.changes).lower()
    created = own.get(action="create")
    assert created.changes["name"] == [None, member.name]
    assert created.object_label == member.name
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


def test_a_short_name_blanks_whole_words_only_and_another_project_is_untouched(
    cluster_a, coordinator
):
    from tests.factories import ClusterFactory, ProjectFactory

    member = MemberFactory(cluster=cluster_a, contact_name="Li", contact_email="li@x.example")
    nearby = MemberFactory(cluster=cluster_a, name="Lithuania Trading", contact_name="Li Wei")
    elsewhere = MemberFactory(
        cluster=ClusterFactory(project=ProjectFactory(acronym="OTHER-PROJECT")),
        contact_name="Li",
        contact_email="li@y.example",
    )
    person_erased.send(
        sender=Member, instance=member, emails={"li@x.example"}, names={"Li"}, actor=coordinator
    )
    near = Entry.objects.get(content_type__model="member", object_id=str(nearby.pk))
    assert near.changes["name"] == [None, "Lithuania Trading"]  # "Li" inside a word: kept
    assert near.changes["contact_name"] == [None, "[erased]"]  # "Li" as a word: erased
    assert elsewhere.cluster.project_id != cluster_a.project_id
    far = Entry.objects.get(content_type__model="member", object_id=str(elsewhere.pk))
    assert far.changes["contact_name"] == [None, "Li"]  # another project's namesake
