"""The surveys API: read only, scoped, no identity for anonymous campaigns, the results
with the small-group rule, constant queries on lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import standard
from tests.factories import QuestionnaireFactory
from tests.surveys.support import respond, service, standard_campaign

pytestmark = pytest.mark.django_db


def test_questionnaires_with_sections_questions_and_choices(
    client_for, manager_a, cluster_a, cluster_b
):
    standard.install(cluster_a.project)
    QuestionnaireFactory(project=cluster_b.project, cluster=cluster_b, key="beta-own")
    data = client_for(manager_a).get("/api/questionnaires/").json()
    keys = [item["key"] for item in data["results"]]
    assert keys == [standard.KEY]  # B's own questionnaire is not visible
    questionnaire = data["results"][0]
    assert questionnaire["title"]["sr-latn"]
    codes = [q["code"] for s in questionnaire["sections"] for q in s["questions"]]
    assert standard.PAY_BAND in codes
    pay = next(
        q
        for s in questionnaire["sections"]
        for q in s["questions"]
        if q["code"] == standard.PAY_BAND
    )
    assert pay["show_if"] == standard.WANTS_TAILOR_MADE
    assert [c["code"] for c in pay["choices"]] == list(standard.PAY_BAND_CODES)


def test_campaigns_are_scoped_with_counts(client_for, manager_a, cluster_a, cluster_b):
    mine = standard_campaign(cluster_a)
    theirs = standard_campaign(cluster_b)
    respond(mine)
    respond(mine, submitted=False)
    client = client_for(manager_a)
    data = client.get("/api/campaigns/").json()
    assert [c["id"] for c in data["results"]] == [mine.pk]
    assert (data["results"][0]["invited"], data["results"][0]["submitted"]) == (2, 1)
    assert client.get(f"/api/campaigns/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/campaigns/{theirs.pk}/results/").status_code == 404


def test_campaign_results_follow_the_small_group_rule(client_for, manager_a, cluster_a):
    campaign = standard_campaign(cluster_a, anonymous=True)
    fair = service(cluster_a, "Fair")
    for _ in range(4):
        respond(campaign, ratings=3, usefulness={fair: 5}, comment="Hidden remark")
    client = client_for(manager_a)
    data = client.get(f"/api/campaigns/{campaign.pk}/results/").json()
    assert data["satisfaction_index"] is None
    assert data["groups"][-1]["hidden"] is True
    assert data["services"][0]["rating"] is None
    assert data["comments"] == []
    respond(campaign, ratings=3, usefulness={fair: 5})
    data = client.get(f"/api/campaigns/{campaign.pk}/results/").json()
    assert float(data["satisfaction_index"]) == 3
    assert data["services"][0]["rating"]["n"] == 5
    assert data["groups"][-1]["submitted"] == 5


def test_responses_carry_no_identity_when_anonymous(client_for, manager_a, cluster_a, cluster_b):
    anonymous = standard_campaign(cluster_a, anonymous=True)
    named = standard_campaign(cluster_a, anonymous=False)
    respond(anonymous, name="Secret Srl")
    respond(named, name="Open Srl")
    respond(named, submitted=False)
    respond(standard_campaign(cluster_b, anonymous=False), name="Beta Kft")
    data = client_for(manager_a).get("/api/responses/").json()
    by_campaign = {r["campaign"]: r for r in data["results"]}
    assert set(by_campaign) == {anonymous.pk, named.pk}  # submitted, own cluster only
    assert by_campaign[anonymous.pk]["name"] is None
    assert by_campaign[anonymous.pk]["email"] is None
    assert by_campaign[anonymous.pk]["member"] is None
    assert "Secret Srl" not in str(data)
    assert by_campaign[named.pk]["name"] == "Open Srl"
    codes = {a["question"] for a in by_campaign[named.pk]["answers"]}
    assert standard.OVERALL_CODE in codes


@pytest.mark.parametrize("url", ["/api/questionnaires/", "/api/campaigns/", "/api/responses/"])
def test_lists_make_constant_queries(
    url, client_for, coordinator, cluster_a, cluster_b, django_assert_num_queries
):
    client = client_for(coordinator)
    respond(standard_campaign(cluster_a))
    QuestionnaireFactory(project=cluster_a.project)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for cluster in (cluster_a, cluster_b):
        campaign = standard_campaign(cluster)
        for _ in range(3):
            respond(campaign, usefulness={service(cluster, f"S{_}{cluster.pk}"): 4})
    QuestionnaireFactory(project=cluster_a.project)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
