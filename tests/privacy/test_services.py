"""The subject access export and the erasure of a member contact."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CharField, EmailField, JSONField, Q, TextField

from surveys.models import Answer, Invitation, Response, Suppression
from tracekei.privacy import services
from tracekei.privacy.addresses import hashed_address
from tracekei.privacy.inventory import INVENTORY
from tracekei.privacy.models import ContactConsent, Erasure
from tracekei.privacy.signals import person_erased

pytestmark = pytest.mark.django_db


def _export_text(actor, person) -> str:
    data = services.subject_access_export(actor=actor, member=person.member)
    return json.dumps(data, cls=DjangoJSONEncoder)


def test_every_inventory_model_is_collected_and_erased(member_a):
    """A holding added to the inventory without its look-up (or its erasure) fails here."""
    names = [holding.model for holding in INVENTORY]
    for name in names:
        apps.get_model(name)  # a typo in the inventory fails here
    assert sorted(services.holdings(member_a).rows) == sorted(names)
    assert sorted(services.erasure_preview(member=member_a)) == sorted(names)


def test_export_holds_each_inventory_item_and_nothing_of_another_member(
    giulia, laszlo, coordinator
):
    data = services.subject_access_export(actor=coordinator, member=giulia.member)
    assert data["member"]["contact_name"] == "Giulia Verdi"
    assert data["member"]["contact_email"] == "giulia.verdi@sme.example"
    assert data["consents"][0]["given_on"] == dt.date(2017, 2, 1)
    assert "surveys" in data["consents"][0]["wording"]
    assert [row["outcome"] for row in data["deliveries_received"]] == ["Met Giulia Verdi in Bari."]
    assert len(data["survey_invitations"]) == 2
    responses = [invitation["response"] for invitation in data["survey_invitations"]]
    assert {response["consent_text"] for response in responses} == {
        "I agree to the privacy notice."
    }
    texts = {answer["text"] for response in responses for answer in response["answers"]}
    assert "Ask Giulia Verdi about the export desk." in texts
    assert len(data["survey_mails"]) == 2
    assert [row["email"] for row in data["suppression"]] == ["giulia.verdi@sme.example"]
    assert [row["email"] for row in data["training_participations"]] == ["GIULIA.VERDI@SME.EXAMPLE"]
    [link] = data["strategy_consultations"]
    assert link["respondent_name"] == "Giulia Verdi"
    assert link["feedback"][0]["author"] == "Giulia Verdi"
    [upload] = data["member_imports"]
    assert [row["contact_name"] for row in upload["rows"]] == ["Giulia Verdi"]

    text = json.dumps(data, cls=DjangoJSONEncoder)
    for foreign in (
        "Laszlo",
        "laszlo.kovacs",
        "Someone Else",
        "Anon of " + laszlo.member.cluster.slug,
    ):
        assert foreign.lower() not in text.lower()


def test_export_is_the_coordinators(giulia, coordinator, manager_a, manager_b, viewer_a):
    assert "Giulia Verdi" in _export_text(coordinator, giulia)
    for user in (manager_a, manager_b, viewer_a):
        with pytest.raises(PermissionDenied):
            services.subject_access_export(actor=user, member=giulia.member)


def _kpis(project):
    from tracekei.kpi.registry import Period, calculators

    period = Period.of_project(project)
    return {code: calculator(period) for code, calculator in calculators().items()}


def _personal_values_left(person) -> list[str]:
    """Every text field of every inventory model that still holds the name or address."""
    found = []
    for holding in INVENTORY:
        model = apps.get_model(holding.model)
        for field in model._meta.get_fields():
            if not isinstance(field, CharField | TextField | EmailField | JSONField):
                continue
            for needle in (person.name, person.email, person.name.split()[1]):
                lookup = f"{field.name}__icontains"
                if field.name in ("rows",):
                    rows = model.objects.values_list(field.name, flat=True)
                    if any(needle.lower() in json.dumps(row).lower() for row in rows):
                        found.append(f"{holding.model}.{field.name}")
                elif model.objects.filter(Q(**{lookup: needle})).exists():
                    found.append(f"{holding.model}.{field.name}")
    return found


def test_erase_anonymises_everything_and_keeps_every_kpi(giulia, laszlo, coordinator, project):
    received = []

    def receiver(sender, instance, emails, actor, **kwargs):
        received.append((sender.__name__, instance.pk, emails, actor))

    person_erased.connect(receiver)
    before = _kpis(project)
    ratings_before = sorted(Answer.objects.exclude(number=None).values_list("pk", "number"))
    try:
        summary = services.erase_member_contact(
            actor=coordinator, member=giulia.member, reason="Asked by e-mail"
        )
    finally:
        person_erased.disconnect(receiver)

    assert _kpis(project) == before
    assert sorted(Answer.objects.exclude(number=None).values_list("pk", "number")) == (
        ratings_before
    )
    assert _personal_values_left(giulia) == []
    member = giulia.member
    member.refresh_from_db()
    assert "giulia" not in _export_text(coordinator, giulia).lower()
    assert member.contact_name == f"Erased contact #{member.pk}"
    assert (member.contact_email, member.survey_consent, member.survey_consent_on) == (
        "",
        False,
        None,
    )
    giulia.named_text.refresh_from_db()
    giulia.anonymous_text.refresh_from_db()
    assert giulia.named_text.text == ""
    assert giulia.anonymous_text.text == f"Ask Erased contact #{member.pk} about the export desk."
    assert Response.objects.filter(invitation__member=member).count() == 2
    assert Invitation.objects.filter(member=member, email__endswith="@erased.invalid").count() == 2
    assert Suppression.objects.filter(email=hashed_address("giulia.verdi@sme.example")).exists()
    assert ContactConsent.objects.filter(member=member).exists()  # no personal data in it
    assert summary.touched["surveys.Invitation"] == 2
    [erasure] = Erasure.objects.filter(member=member)
    assert (erasure.erased_by, erasure.reason) == (coordinator, "Asked by e-mail")
    assert erasure.touched == summary.touched
    assert received == [("Member", member.pk, {"giulia.verdi@sme.example"}, coordinator)]

    # The other member's contact is untouched.
    assert "Laszlo Kovacs" in _export_text(coordinator, laszlo)
    assert Suppression.objects.filter(email="laszlo.kovacs@kft.example").exists()
    laszlo.feedback.refresh_from_db()
    assert laszlo.feedback.author == "Laszlo Kovacs"


def test_erase_is_the_coordinators_and_needs_a_reason(giulia, manager_a, viewer_a, coordinator):
    for user in (manager_a, viewer_a):
        with pytest.raises(PermissionDenied):
            services.erase_member_contact(actor=user, member=giulia.member, reason="x")
    with pytest.raises(ValidationError):
        services.erase_member_contact(actor=coordinator, member=giulia.member, reason="  ")
    giulia.member.refresh_from_db()
    assert giulia.member.contact_name == "Giulia Verdi"


def test_erase_twice_changes_nothing_more(giulia, coordinator):
    services.erase_member_contact(actor=coordinator, member=giulia.member, reason="asked")
    second = services.erase_member_contact(actor=coordinator, member=giulia.member, reason="again")
    assert second.touched["surveys.Suppression"] == 0
    assert second.touched["trainings.Participation"] == 0


def test_the_hashed_address_still_suppresses(giulia, coordinator, cluster_a):
    """After the erasure the address is on the list only as a hash, and still stops a
    campaign from e-mailing it (the same person as another member's contact)."""
    from surveys.campaigns import RecipientFilter, recipient_members
    from tests.factories import CampaignFactory, MemberFactory

    services.erase_member_contact(actor=coordinator, member=giulia.member, reason="asked")
    assert not Suppression.objects.filter(email="giulia.verdi@sme.example").exists()
    again = MemberFactory(
        cluster=cluster_a, contact_email="Giulia.Verdi@sme.example", survey_consent=False
    )
    other = MemberFactory(cluster=cluster_a, contact_email="someone@sme.example")
    campaign = CampaignFactory(cluster=cluster_a)
    members = recipient_members(
        campaign=campaign, chosen=RecipientFilter(member_types=[], sectors=[], consent_only=False)
    )
    suppressed = {member.pk: member.suppressed for member in members}
    assert suppressed[again.pk] is True
    assert suppressed[other.pk] is False


def test_erasing_demo_contacts_keeps_every_kpi_of_the_demo_consortium():
    """On the demo consortium (every app's records): erase the contacts of the members
    who answered the satisfaction survey and received services; no KPI moves."""
    import io

    from django.core.management import call_command

    from clusters.models import Member, Project
    from tracekei.accounts.models import User

    call_command("load_demo_data", stdout=io.StringIO())
    project = Project.objects.get(acronym="TRACE-KEI")
    coordinator = User.objects.get(email__startswith="coordinator@")
    before = _kpis(project)
    assert before["sme_satisfaction_index"].total > 0
    assert before["smes_benefitting"].total > 0
    members = Member.objects.filter(
        invitations__response__submitted_at__isnull=False, deliveries__isnull=False
    ).distinct()[:5]
    assert len(members) == 5
    for member in members:
        services.erase_member_contact(actor=coordinator, member=member, reason="demo")
    assert _kpis(project) == before


def test_after_an_erasure_the_audit_trail_holds_nothing_of_the_person(giulia, laszlo, coordinator):
    """The audit trail records every change, including the erasure's own changes (whose
    "before" values are the person's data): the erasure's signal must scrub them all."""
    import json as _json

    from tracekei.audit.models import Entry

    def entries_naming(*needles):
        texts = Entry.objects.values_list("object_label", "actor_label", "changes")
        return [
            row for row in texts if any(n in _json.dumps(row, default=str).lower() for n in needles)
        ]

    giulia_needles = ("giulia", "verdi@sme")
    assert entries_naming(*giulia_needles)  # recorded while the fixture was built
    services.erase_member_contact(actor=coordinator, member=giulia.member, reason="asked")
    assert entries_naming(*giulia_needles) == []
    assert entries_naming("laszlo")  # the other person's history is kept
    assert Entry.objects.filter(action="erase").count() == 1


def test_the_erasure_record_keeps_the_reason_without_the_name(giulia, coordinator):
    services.erase_member_contact(
        actor=coordinator, member=giulia.member, reason="Giulia Verdi asked by e-mail on 3 March"
    )
    [erasure] = Erasure.objects.filter(member=giulia.member)
    assert "giulia" not in erasure.reason.lower()
    assert erasure.reason.endswith("asked by e-mail on 3 March")
