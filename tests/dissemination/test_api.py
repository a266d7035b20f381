"""The dissemination API: scoped like the pages, 400 with field errors on bad input."""

import datetime as dt

import pytest

from dissemination.models import Collaboration, DisseminationActivity, PolicyDialogue
from tests.factories import ClusterFactory, ProjectFactory, make_activity, make_post

pytestmark = pytest.mark.django_db

ACTIVITIES = "/api/dissemination-activities/"


def activity_payload(**overrides):
    data = {
        "clusters": ["alpha"],
        "activity_type": "newsletter",
        "date": "2017-09-15",
        "title": "Newsletter",
        "countries": ["AT", "hr"],
        "audience_size": 900,
        "audience_types": ["smes"],
        "languages": ["en", "hu"],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "path",
    [
        ACTIVITIES,
        "/api/policy-dialogues/",
        "/api/offers/",
        "/api/needs/",
        "/api/collaborations/",
        "/api/success-stories/",
    ],
)
def test_the_api_needs_authentication(client, path):
    assert client.get(path).status_code in (401, 403)


def test_create_an_activity(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        ACTIVITIES, activity_payload(), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["countries"] == ["AT", "HR"]
    assert DisseminationActivity.objects.get().clusters.get() == cluster_a


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"countries": ["AT", "XX"]}, "countries"),
        ({"countries": ["Austria"]}, "countries"),
        ({"audience_size": -1}, "audience_size"),
        ({"audience_types": ["aliens"]}, "audience_types"),
        ({"clusters": ["beta"]}, "clusters"),
        ({"clusters": []}, "clusters"),
        ({"date": "yesterday"}, "date"),
    ],
)
def test_bad_input_is_400_with_the_field(
    client_for, manager_a, cluster_a, cluster_b, overrides, field
):
    response = client_for(manager_a).post(
        ACTIVITIES, activity_payload(**overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not DisseminationActivity.objects.exists()


def test_list_is_scoped_and_filtered(client_for, manager_a, cluster_a, cluster_b):
    make_activity(cluster_a, title="Alpha in France", countries=["FR"])
    make_activity(cluster_a, cluster_b, title="Joint in Spain", countries=["ES", "FR"])
    hidden = make_activity(cluster_b, title="Beta only", countries=["FR"])
    client = client_for(manager_a)
    titles = {a["title"] for a in client.get(ACTIVITIES).json()["results"]}
    assert titles == {"Alpha in France", "Joint in Spain"}
    by_country = client.get(ACTIVITIES, {"country": "FR"}).json()
    assert by_country["count"] == 2  # each activity once, however many joins
    assert client.get(ACTIVITIES, {"country": "ES"}).json()["count"] == 1
    assert client.get(ACTIVITIES, {"country": "XX"}).status_code == 400
    assert client.get(f"{ACTIVITIES}{hidden.pk}/").status_code == 404
    patch = client.patch(
        f"{ACTIVITIES}{hidden.pk}/", {"title": "Mine"}, content_type="application/json"
    )
    assert patch.status_code == 404


def test_policy_dialogues_with_follow_ups(client_for, manager_a, cluster_a, cluster_b):
    client = client_for(manager_a)
    response = client.post(
        "/api/policy-dialogues/",
        {
            "cluster": "alpha",
            "date": "2017-03-14",
            "authority": "Regione",
            "level": "regional",
            "topics": "vouchers",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    bad = client.post(
        "/api/policy-dialogues/",
        {
            "cluster": "beta",
            "date": "2017-03-14",
            "authority": "X",
            "level": "galactic",
            "topics": "t",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and {"cluster", "level"} <= set(bad.json())
    PolicyDialogue.objects.create(
        cluster=cluster_b, date=dt.date(2017, 1, 1), authority="Hidden", level="eu", topics="t"
    )
    assert [d["authority"] for d in client.get("/api/policy-dialogues/").json()["results"]] == [
        "Regione"
    ]


def test_offers_and_needs_are_a_market_place_of_the_project(
    client_for, manager_a, cluster_a, cluster_b
):
    make_post(cluster_b, "offer", topic="cold chain")
    make_post(cluster_a, "need", topic="cold chain")
    elsewhere = ClusterFactory(project=ProjectFactory(acronym="OTHER"))
    make_post(elsewhere, "offer", topic="secret")
    client = client_for(manager_a)
    offers = client.get("/api/offers/").json()
    assert [o["cluster"] for o in offers["results"]] == ["beta"]
    assert client.get("/api/needs/").json()["count"] == 1
    created = client.post(
        "/api/needs/",
        {"cluster": "alpha", "kind": "technology", "title": "Drying", "topic": "solar drying"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["direction"] == "need"
    other = client.post(
        "/api/offers/",
        {"cluster": "beta", "kind": "technology", "title": "X", "topic": "x"},
        content_type="application/json",
    )
    assert other.status_code == 400


def test_interest_through_the_api(client_for, manager_a, cluster_a, cluster_b):
    theirs = make_post(cluster_b, "offer", topic="cold chain")
    own = make_post(cluster_a, "offer", topic="cold chain")
    client = client_for(manager_a)
    refused = client.post(
        "/api/collaborations/",
        {"post": own.pk, "interested_cluster": "alpha"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "own cluster" in refused.json()["post"][0]
    accepted = client.post(
        "/api/collaborations/",
        {"post": theirs.pk, "interested_cluster": "alpha", "message": "Hello"},
        content_type="application/json",
    )
    assert accepted.status_code == 201
    assert Collaboration.objects.get().status == "interested"


def test_update_keeps_countries_left_out_and_refuses_a_negative_audience(
    client_for, manager_a, cluster_a
):
    activity = make_activity(cluster_a, title="Talk", countries=["FR", "ES"])
    client = client_for(manager_a)
    url = f"{ACTIVITIES}{activity.pk}/"
    response = client.patch(url, {"title": "Talk in Lyon"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["countries"] == ["ES", "FR"]
    put = client.put(url, activity_payload(countries=["AT"]), content_type="application/json")
    assert put.status_code == 200 and put.json()["countries"] == ["AT"]
    bad = client.patch(url, {"audience_size": -4}, content_type="application/json")
    assert bad.status_code == 400 and "audience_size" in bad.json()
    activity.refresh_from_db()
    assert activity.audience_size == 900
