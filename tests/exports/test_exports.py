"""Every registered dataset: scoped to the user, formula cells escaped, CSV that reads
back, XLSX, a constant number of queries, the page and the API (token, anonymous)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from tests.factories import (
    ActivityFactory,
    ClusterFactory,
    DeliverableFactory,
    MemberFactory,
    ProjectFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
    make_activity,
    make_post,
)
from tracekei.exports import registry

pytestmark = pytest.mark.django_db

#: Datasets every user of a project sees whole (joint activities, the project's targets
#: and deliverables): another cluster's row is in, another project's row is out.
PROJECT_WIDE = {"activities", "participations", "kpi-indicators", "deliverables"}
#: The datasets populate() fills. An app adding a dataset (surveys) tests its own rows;
#: test_every_registered_dataset_exports covers it here.
KNOWN = [
    "clusters", "members", "services", "deliveries", "activities", "participations",
    "strategy-indicators", "dissemination-activities", "policy-dialogues", "collaborations",
    "success-stories", "kpi-indicators", "kpi-history", "deliverables",
]  # fmt: skip


def populate(cluster, mark, *, partner):
    """One row of every dataset for ``cluster``, each carrying the text ``mark``."""
    from dissemination.models import Collaboration, PolicyDialogue, SuccessStory
    from strategy.models import Indicator, IndicatorValue, Strategy
    from tracekei.kpi.models import Indicator as Kpi
    from tracekei.kpi.models import Snapshot
    from trainings.models import Participation

    cluster.legal_name = f"{mark} organisation"
    cluster.save()
    member = MemberFactory(cluster=cluster, name=f"{mark} member")
    service = ServiceFactory(cluster=cluster, name=f"{mark} service")
    ServiceDeliveryFactory(service=service, member=member, outcome=f"{mark} delivered")
    activity = ActivityFactory(organising_cluster=cluster, title=f"{mark} training")
    Participation.objects.create(activity=activity, name=f"{mark} participant", email="p@x.example")
    strategy = Strategy.objects.create(
        cluster=cluster, title=f"{mark} strategy", start_year=2017, end_year=2022
    )
    indicator = Indicator.objects.create(
        strategy=strategy,
        name=f"{mark} indicator",
        unit="members",
        baseline=0,
        target=10,
        target_year=2020,
    )
    IndicatorValue.objects.create(indicator=indicator, measured_on=dt.date(2018, 1, 1), value=4)
    make_activity(cluster, title=f"{mark} dissemination")
    PolicyDialogue.objects.create(
        cluster=cluster, date=dt.date(2018, 2, 2), authority=f"{mark} region", level="regional",
        topics=f"{mark} topics",
    )  # fmt: skip
    post = make_post(cluster, "offer", title=f"{mark} post")
    Collaboration.objects.create(
        post=post, owner_cluster=cluster, interested_cluster=partner, outcome=f"{mark} outcome"
    )
    SuccessStory.objects.create(cluster=cluster, title=f"{mark} story")
    kpi = Kpi.objects.create(
        project=cluster.project, code=f"{mark.lower()}-kpi", name=f"{mark} kpi"
    )
    Snapshot.objects.create(
        indicator=kpi,
        taken_on=dt.date(2018, 1, 1),
        value=Decimal("7"),
        contributions={str(cluster.pk): "7"},
        computed_at=timezone.now(),
    )
    DeliverableFactory(lead_cluster=cluster, title=f"{mark} deliverable")


@pytest.fixture
def world(project, cluster_a, cluster_b):
    """Rows in A and B (same project) and in Z (another project)."""
    other = ProjectFactory(acronym="OTHER")
    cluster_z = ClusterFactory(project=other, acronym="ZETA", slug="zeta")
    cluster_y = ClusterFactory(project=other, acronym="YPS", slug="yps")
    populate(cluster_a, "Alphamark", partner=cluster_y)  # a partner A's manager does not see
    populate(cluster_b, "Betamark", partner=cluster_y)
    populate(cluster_z, "Zetamark", partner=cluster_y)
    return cluster_z


def export_csv(client, code):
    response = client.get(f"/exports/{code}.csv")
    assert response.status_code == 200, (code, response.status_code)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return body, list(csv.reader(io.StringIO(body)))


def test_every_dataset_is_registered():
    codes = {dataset.code for dataset in registry()}
    assert codes >= set(KNOWN)


@pytest.mark.parametrize("code", [d.code for d in registry()])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_registered_dataset_exports(client_for, manager_a, world, code, kind):
    response = client_for(manager_a).get(f"/exports/{code}.{kind}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


@pytest.mark.parametrize("code", KNOWN)
def test_a_manager_exports_only_what_they_may_see(client_for, manager_a, coordinator, world, code):
    body, rows = export_csv(client_for(manager_a), code)
    if code == "kpi-history":  # rows name the cluster, not the mark
        clusters = {row[3] for row in rows[1:]}
        assert clusters == {"ALPHA"}  # not BETA, not the consortium total ("")
    else:
        assert "Alphamark" in body
        assert ("Betamark" in body) == (code in PROJECT_WIDE)
    assert "Zetamark" not in body and "ZETA" not in body

    body, rows = export_csv(client_for(coordinator), code)
    if code == "kpi-history":
        assert {row[3] for row in rows[1:]} == {"", "ALPHA", "BETA"}
    else:
        assert "Alphamark" in body and "Betamark" in body
    assert "Zetamark" not in body and "ZETA" not in body


def test_participants_emails_only_for_those_who_may_change(client_for, manager_a, world):
    _body, rows = export_csv(client_for(manager_a), "participations")
    header = rows[0]
    by_participant = {row[header.index("participant")]: row for row in rows[1:]}
    assert by_participant["Alphamark participant"][header.index("email")] == "p@x.example"
    assert by_participant["Betamark participant"][header.index("email")] == ""


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_formula_cells_are_escaped(client_for, manager_a, cluster_a, text):
    MemberFactory(cluster=cluster_a, name=text)
    _body, rows = export_csv(client_for(manager_a), "members")
    names = [row[1] for row in rows[1:]]
    assert names == ["'" + text]
    xlsx = client_for(manager_a).get("/exports/members.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).active
    values = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == ["'" + text]


def test_csv_reads_back_the_same_rows_as_xlsx(client_for, coordinator, world):
    from tracekei.exports import writers

    for dataset in (registry().get(code) for code in KNOWN):
        _body, rows = export_csv(client_for(coordinator), dataset.code)
        response = client_for(coordinator).get(f"/exports/{dataset.code}.xlsx")
        assert response["Content-Type"] == writers.XLSX_CONTENT_TYPE
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        sheet_rows = [
            ["" if v is None else str(v) for v in row]
            for row in workbook.active.iter_rows(values_only=True)
        ]
        assert len(sheet_rows) == len(rows) > 1, dataset.code
        assert sheet_rows[0] == rows[0]
        _header, expected = dataset.rows(coordinator)
        expected = [[str(writers.cell(v)) for v in row] for row in expected]
        assert rows[1:] == expected, dataset.code


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(queries)


def test_constant_queries_at_two_sizes(client_for, coordinator, project, cluster_a, cluster_b):
    browser = client_for(coordinator)
    counts = {}
    for size in (1, 4):
        for number in range(size):
            cluster = ClusterFactory(project=project)
            populate(cluster, f"Mark{size}x{number}", partner=cluster_a)
        for dataset in registry():
            for kind in ("csv", "xlsx"):
                url = f"/exports/{dataset.code}.{kind}"
                counts.setdefault(url, []).append(_count(browser, url))
    unequal = {url: n for url, n in counts.items() if n[0] != n[1]}
    assert unequal == {}


def test_the_page_lists_every_dataset(client_for, viewer_a):
    html = client_for(viewer_a).get("/exports/").content.decode()
    for dataset in registry():
        assert f"/exports/{dataset.code}.csv" in html and f"/exports/{dataset.code}.xlsx" in html


def test_someone_without_a_role_gets_an_empty_page_and_empty_files(client_for, world):
    from tests.factories import UserFactory

    nobody = UserFactory()
    browser = client_for(nobody)
    assert "/exports/members.csv" not in browser.get("/exports/").content.decode()
    _body, rows = export_csv(browser, "members")
    assert len(rows) == 1  # the header only


def test_api_with_a_token(client, manager_a, world):
    token = Token.objects.create(user=manager_a)
    response = client.get("/api/exports/members.csv", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Alphamark" in body and "Betamark" not in body
    xlsx = client.get(
        "/api/exports/services.xlsx", HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT="*/*"
    )
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content).startswith(b"PK")
    assert (
        client.get("/api/exports/nothing.csv", HTTP_AUTHORIZATION=f"Token {token.key}").status_code
        == 404
    )
    assert (
        client.get("/api/exports/members.pdf", HTTP_AUTHORIZATION=f"Token {token.key}").status_code
        == 404
    )


def test_anonymous_is_refused(client, world):
    assert client.get("/api/exports/members.csv").status_code == 401
    page = client.get("/exports/members.csv")
    assert page.status_code == 302 and "login" in page["Location"]
    assert client.get("/exports/").status_code == 302


def test_an_unknown_dataset_is_404(client_for, manager_a):
    assert client_for(manager_a).get("/exports/nothing.csv").status_code == 404
