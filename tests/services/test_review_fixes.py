"""Defects found in review: each test fails without its fix."""

import datetime as dt
import io

import pytest

from services.models import ServiceDelivery
from tests.factories import MemberFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _csv(body: bytes):
    upload = io.BytesIO(b"member,delivered_on,hours,outcome\n" + body)
    upload.name = "deliveries.csv"
    return upload


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (b"Cantina Murgia Srl,2017-03-01,NaN,\n", "hours"),
        (b"Cantina Murgia Srl,2017-03-01,sNaN,\n", "hours"),
        (b"Cantina Murgia Srl,2017-03-01,1.123456,\n", "hours"),
        (b"Cantina Murgia Srl,2017-03-01,,bad\x00outcome\n", "outcome"),
        (b"Cantina Murgia Srl,9999-12-31,,\n", "delivered_on"),
        (b"Cantina Murgia Srl,0001-01-01,,\n", "delivered_on"),
    ],
)
def test_delivery_import_bad_cell_is_a_row_error_not_a_500(
    client_for, manager_a, cluster_a, row, column
):
    service = ServiceFactory(cluster=cluster_a, status_since=dt.date(2017, 2, 1))
    MemberFactory(cluster=cluster_a, name="Cantina Murgia Srl")
    response = client_for(manager_a).post(f"/services/{service.pk}/import/", {"file": _csv(row)})
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["errors"]] == [(2, column)]
    assert not ServiceDelivery.objects.exists()


def test_delivery_form_refuses_control_characters_in_the_outcome(client_for, manager_a, cluster_a):
    """The deliveries are inserted in bulk (no full_clean): the outcome's validator was
    skipped and a pasted bell character was stored."""
    service = ServiceFactory(cluster=cluster_a, status_since=dt.date(2017, 2, 1))
    member = MemberFactory(cluster=cluster_a)
    response = client_for(manager_a).post(
        f"/services/{service.pk}/deliver/",
        {"members": [member.pk], "delivered_on": "2017-03-01", "outcome": "good\x07 result"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["outcome"]
    assert not ServiceDelivery.objects.exists()
