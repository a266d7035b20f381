"""Consent: a member contact's consent is recorded with its day, wording and source; the
survey response's own consent record is tested with the answering pages."""

import datetime as dt

import pytest

from clusters import services as cluster_services
from tracekei.privacy.models import ContactConsent

pytestmark = pytest.mark.django_db


def test_each_consent_date_is_recorded_once_with_its_wording(manager_a, cluster_a):
    member = cluster_services.member_create(
        actor=manager_a,
        cluster=cluster_a,
        name="Oleificio Rossi",
        member_type="sme",
        country="IT",
        contact_email="anna@oleificio.example",
        survey_consent=True,
        survey_consent_on=dt.date(2017, 3, 1),
    )
    cluster_services.member_update(actor=manager_a, member=member, contact_name="Anna Rossi")
    cluster_services.member_update(
        actor=manager_a, member=member, survey_consent_on=dt.date(2018, 1, 5)
    )
    records = list(ContactConsent.objects.filter(member=member).values_list("given_on", "wording"))
    assert records == [
        (dt.date(2017, 3, 1), "agrees to be contacted for surveys"),
        (dt.date(2018, 1, 5), "agrees to be contacted for surveys"),
    ]
    assert "portal" in ContactConsent.objects.filter(member=member).first().source


def test_no_consent_no_record(member_a):
    member_a.survey_consent = False
    member_a.save()
    assert not ContactConsent.objects.filter(member=member_a).exists()


# The survey response's consent (time and wording as shown) is proved by
# tests/surveys/test_answering.py::test_consent_is_required_and_its_wording_is_stored.
