"""Results: only submitted responses count, the satisfaction index, usefulness per
service, tailor-made and pay bands, the small-group rule of anonymous campaigns, the
exports, isolation and constant queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys import results
from tests.surveys.support import respond, service, standard_campaign

pytestmark = pytest.mark.django_db


def test_satisfaction_index_counts_only_submitted_responses(cluster_a):
    campaign = standard_campaign(cluster_a, anonymous=False)
    respond(campaign, ratings=4)
    respond(campaign, ratings=[5, 5, 5, 5, 5, 3])
    respond(campaign, ratings=1, submitted=False)  # in progress: not counted
    outcome = results.campaign_results(campaign)
    assert outcome.total.invited == 3
    assert outcome.total.submitted == 2
    assert outcome.total.rate == 67
    # (6*4 + 5*5 + 3) / 12
    assert outcome.index == Decimal("4.33")
    assert outcome.satisfaction[results.CONSORTIUM].counts == {1: 0, 2: 0, 3: 1, 4: 6, 5: 5}


def test_usefulness_tailor_made_and_pay_bands(cluster_a):
    campaign = standard_campaign(cluster_a, anonymous=False)
    fair, coaching = service(cluster_a, "Trade fair stand"), service(cluster_a, "Coaching")
    respond(campaign, usefulness={fair: 5, coaching: 2}, pay="up_to_500")
    respond(campaign, usefulness={fair: 3}, pay="2000_5000")
    respond(campaign, wants=False, pay=None)
    outcome = results.campaign_results(campaign)
    rows = {row.name: row for row in outcome.services}
    assert (rows["Trade fair stand"].rating.n, rows["Trade fair stand"].rating.mean) == (2, 4)
    assert rows["Coaching"].rating.mean == 2
    wants = outcome.summary("tailor_made_wanted")
    assert (wants.yes, wants.no, wants.yes_share) == (2, 1, 67)
    pay = {choice.code: n for choice, n, _ in outcome.summary("tailor_made_pay").choices}
    assert pay == {"none": 0, "up_to_500": 1, "500_2000": 0, "2000_5000": 1, "over_5000": 0}


def test_anonymous_campaign_hides_groups_under_five(client_for, manager_a, cluster_a):
    campaign = standard_campaign(cluster_a, anonymous=True)
    fair = service(cluster_a, "Trade fair stand")
    for number in range(4):
        respond(
            campaign,
            ratings=5,
            usefulness={fair: 4},
            comment=f"Secret remark {number}",
            name=f"Hidden Company {number}",
        )
    page = client_for(manager_a).get(reverse("surveys:campaign_results", args=[campaign.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "fewer than 5 answers" in body
    assert "Secret remark" not in body
    assert "5.00" not in body
    outcome = results.campaign_results(campaign)
    assert outcome.total.hidden and outcome.services[0].hidden

    # A fifth response: the campaign's figures appear; a service rated by fewer stays hidden.
    coaching = service(cluster_a, "Coaching")
    respond(campaign, ratings=5, usefulness={coaching: 4}, comment="Fifth remark")
    body = (
        client_for(manager_a)
        .get(reverse("surveys:campaign_results", args=[campaign.pk]))
        .content.decode()
    )
    assert "5.00" in body
    assert "Fifth remark" in body
    assert "Hidden Company" not in body  # never the name in anonymous campaigns
    rows = {row.name: row for row in results.campaign_results(campaign).services}
    assert rows["Trade fair stand"].hidden is True  # 4 answers
    assert rows["Coaching"].hidden is True  # 1 answer
    assert "fewer than 5 answers" in body


def test_named_campaign_shows_small_groups(cluster_a):
    campaign = standard_campaign(cluster_a, anonymous=False)
    respond(campaign, ratings=2)
    outcome = results.campaign_results(campaign)
    assert not outcome.total.hidden
    assert outcome.index == 2


def test_results_of_another_cluster_are_404(client_for, manager_b, cluster_a):
    campaign = standard_campaign(cluster_a)
    client = client_for(manager_b)
    assert client.get(reverse("surveys:campaign_results", args=[campaign.pk])).status_code == 404
    url = reverse("surveys:campaign_export", args=[campaign.pk, "csv"])
    assert client.get(url).status_code == 404


def test_overview_per_cluster_and_consortium(
    client_for, coordinator, manager_a, cluster_a, cluster_b
):
    mine = standard_campaign(cluster_a, anonymous=False)
    theirs = standard_campaign(cluster_b, anonymous=False)
    respond(mine, ratings=4)
    respond(theirs, ratings=2)
    outcome = results.overview_results(coordinator, key="trace-kei-sme-satisfaction")
    assert [g.cluster.acronym for g in outcome.groups] == ["ALPHA", "BETA"]
    assert outcome.index == 3
    assert outcome.satisfaction[cluster_b.pk].mean == 2
    page = client_for(coordinator).get(reverse("surveys:results"))
    assert page.status_code == 200
    assert "BETA" in page.content.decode()
    # A manager sees only their own cluster.
    outcome = results.overview_results(manager_a, key="trace-kei-sme-satisfaction")
    assert [g.cluster.acronym for g in outcome.groups] == ["ALPHA"]
    assert outcome.index == 4
    body = client_for(manager_a).get(reverse("surveys:results")).content.decode()
    assert "BETA" not in body


def test_overview_rejects_a_reversed_period(client_for, coordinator):
    page = client_for(coordinator).get(
        reverse("surveys:results"), {"start": "2018-01-01", "end": "2017-01-01"}
    )
    assert page.status_code == 400
    assert "on or after the start" in page.content.decode()


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_named_and_escaped(client_for, manager_a, cluster_a):
    campaign = standard_campaign(cluster_a, anonymous=False)
    fair = service(cluster_a, "Trade fair stand")
    respond(campaign, ratings=4, usefulness={fair: 5}, comment="=HYPERLINK(1)", name="Olio Srl")
    respond(campaign, ratings=1, submitted=False, name="Draft Srl")
    response = client_for(manager_a).get(
        reverse("surveys:campaign_export", args=[campaign.pk, "csv"])
    )
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert len(body) == 1  # only the submitted response
    row = dict(zip(header, body[0], strict=True))
    assert row["name"] == "Olio Srl"
    assert row["sat_overall"] == "4"
    assert row["service_usefulness[Trade fair stand]"] == "5"
    assert row["tailor_made_pay"] == "up_to_500"
    assert row["tailor_made_areas"] == "innovation;funding"
    assert row["comments"] == "'=HYPERLINK(1)"
    assert row["tailor_made_wanted"] == "yes"


def test_exports_of_anonymous_campaigns_carry_no_identity(client_for, manager_a, cluster_a):
    campaign = standard_campaign(cluster_a, anonymous=True)
    respond(campaign, name="Secret Company Srl")
    client = client_for(manager_a)
    rows = _csv(client.get(reverse("surveys:campaign_export", args=[campaign.pk, "csv"])))
    assert "name" not in rows[0] and "email" not in rows[0]
    assert "Secret Company" not in str(rows)
    xlsx = client.get(reverse("surveys:campaign_export", args=[campaign.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "sat_overall" in cells
    assert "Secret Company Srl" not in cells
    assert sheet.max_row == 2


def test_answer_rows_are_scoped(manager_a, cluster_a, cluster_b):
    mine = standard_campaign(cluster_a, anonymous=False)
    theirs = standard_campaign(cluster_b, anonymous=False)
    respond(mine, name="Mine Srl")
    respond(theirs, name="Theirs Kft")
    header, rows = results.answer_rows(manager_a)
    rows = list(rows)
    assert header[0] == "campaign"
    assert {row[1] for row in rows} == {"ALPHA"}
    assert {row[5] for row in rows} == {"Mine Srl"}
    assert not list(results.answer_rows(manager_a, campaign=theirs)[1])


def _populate(campaign, count, services):
    for number in range(count):
        respond(
            campaign,
            ratings=1 + number % 5,
            usefulness={s: 1 + (number + i) % 5 for i, s in enumerate(services)},
            comment=f"Comment {number}",
        )


def test_results_page_queries_do_not_grow(
    client_for, manager_a, cluster_a, django_assert_num_queries
):
    campaign = standard_campaign(cluster_a, anonymous=True)
    services = [service(cluster_a, f"Service {n}") for n in range(3)]
    _populate(campaign, 5, services)
    client = client_for(manager_a)
    url = reverse("surveys:campaign_results", args=[campaign.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _populate(campaign, 12, [*services, service(cluster_a, "Extra")])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_overview_queries_do_not_grow(
    client_for, coordinator, cluster_a, cluster_b, django_assert_num_queries
):
    client = client_for(coordinator)
    _populate(standard_campaign(cluster_a), 5, [service(cluster_a, "A service")])
    url = reverse("surveys:results")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _populate(standard_campaign(cluster_b), 7, [service(cluster_b, "B service")])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
