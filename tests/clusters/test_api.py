"""The REST API: scoped like the pages, and a 400 with field errors for bad input, never 500."""

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from clusters.models import Member
from tests.factories import LabelAwardFactory, MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db

MEMBERS = "/api/members/"
CLUSTERS = "/api/clusters/"


def member_url(member):
    return f"{MEMBERS}{member.pk}/"


def names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def post_json(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch_json(client, url, data):
    return client.patch(url, data, content_type="application/json")


def new_member(**overrides):
    data = {
        "cluster": "alpha",
        "name": "Api Member Srl",
        "member_type": "sme",
        "country": "IT",
        "contact_email": "api@member.example",
    }
    data.update(overrides)
    return data


@pytest.fixture
def sector(db):
    return SectorFactory(name="Energy", slug="energy")


@pytest.fixture
def member_a(cluster_a):
    return MemberFactory(cluster=cluster_a, name="Alpha Robotics Srl", vat_number="IT100")


@pytest.fixture
def member_b(cluster_b):
    return MemberFactory(cluster=cluster_b, name="Beta Secret Kft", country="HU")


# --- Scoping ------------------------------------------------------------------------------


def test_manager_lists_only_own_clusters_and_members(client_for, manager_a, member_a, member_b):
    client = client_for(manager_a)

    assert names(client.get(MEMBERS)) == ["Alpha Robotics Srl"]
    clusters = client.get(CLUSTERS).json()["results"]
    assert [c["slug"] for c in clusters] == ["alpha"]
    assert clusters[0]["member_count"] == 1
    assert "Beta Secret Kft" not in client.get(MEMBERS).content.decode()


def test_manager_gets_404_on_another_clusters_member_and_cluster(client_for, manager_a, member_b):
    client = client_for(manager_a)

    assert client.get(member_url(member_b)).status_code == 404
    patched = patch_json(client, member_url(member_b), {"name": "Hijacked"})
    assert patched.status_code == 404
    put = client.put(
        member_url(member_b), new_member(cluster="beta"), content_type="application/json"
    )
    assert put.status_code == 404
    assert client.get(f"{CLUSTERS}beta/").status_code == 404
    member_b.refresh_from_db()
    assert member_b.name == "Beta Secret Kft"


def test_coordinator_sees_every_cluster(client_for, coordinator, member_a, member_b):
    client = client_for(coordinator)

    assert names(client.get(MEMBERS)) == ["Alpha Robotics Srl", "Beta Secret Kft"]
    assert [c["slug"] for c in client.get(CLUSTERS).json()["results"]] == ["alpha", "beta"]
    detail = client.get(member_url(member_b))
    assert detail.status_code == 200
    assert detail.json()["cluster"] == "beta"


def test_cluster_detail_shows_labels_and_sectors(client_for, manager_a, cluster_a, sector):
    cluster_a.sectors.set([sector])
    LabelAwardFactory(cluster=cluster_a, level="silver")

    response = client_for(manager_a).get(f"{CLUSTERS}alpha/")

    assert response.status_code == 200
    data = response.json()
    assert data["sectors"] == ["energy"]
    assert [label["level"] for label in data["labels"]] == ["silver"]
    assert data["project"] == "TRACE-KEI"


# --- Filters and pagination ----------------------------------------------------------------


@pytest.fixture
def mixed_members(cluster_a, cluster_b):
    MemberFactory(cluster=cluster_a, name="Alpha SME", contact_name="Giulia Verdi")
    MemberFactory(cluster=cluster_a, name="Alpha University", member_type="university")
    MemberFactory(cluster=cluster_b, name="Beta SME", country="HU")
    MemberFactory(cluster=cluster_b, name="Beta Research", member_type="research", country="HU")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?cluster=beta", ["Beta Research", "Beta SME"]),
        ("?member_type=sme", ["Alpha SME", "Beta SME"]),
        ("?cluster=alpha&member_type=sme", ["Alpha SME"]),
        ("?q=giulia", ["Alpha SME"]),
        ("?q=research", ["Beta Research"]),
        ("?country=HU", ["Beta Research", "Beta SME"]),
    ],
)
def test_member_filters(client_for, coordinator, mixed_members, query, expected):
    assert names(client_for(coordinator).get(MEMBERS + query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alpha SME", "Alpha University"]),
        ("?member_type=sme", ["Alpha SME"]),
        ("?q=beta", []),
    ],
)
def test_member_filters_stay_in_scope(client_for, manager_a, mixed_members, query, expected):
    assert names(client_for(manager_a).get(MEMBERS + query)) == expected


def test_filtering_on_an_invisible_cluster_is_a_400(client_for, manager_a, mixed_members):
    response = client_for(manager_a).get(MEMBERS + "?cluster=beta")

    assert response.status_code == 400
    assert "cluster" in response.json()
    assert "Beta" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?member_type=startup", "member_type"),
        ("?country=ZZ", "country"),
        ("?sector=nope", "sector"),
        ("?status=sleeping", "status"),
    ],
)
def test_bad_filter_values_are_a_400(client_for, manager_a, mixed_members, query, field):
    response = client_for(manager_a).get(MEMBERS + query)

    assert response.status_code == 400
    assert field in response.json()


def test_member_list_is_paginated(client_for, manager_a, cluster_a, cluster_b):
    for number in range(55):
        MemberFactory(cluster=cluster_a, name=f"Paged {number:02d}")
    MemberFactory(cluster=cluster_b, name="Paged BB")
    client = client_for(manager_a)

    first = client.get(MEMBERS).json()
    assert first["count"] == 55
    assert len(first["results"]) == 50
    assert first["previous"] is None
    assert first["next"].endswith("/api/members/?page=2")

    second = client.get(first["next"]).json()
    assert [row["name"] for row in second["results"]] == [f"Paged {n}" for n in range(50, 55)]
    assert second["next"] is None
    assert client.get(MEMBERS + "?page=3").status_code == 404


# --- Authentication -------------------------------------------------------------------------


def test_token_authentication(manager_a, member_a, member_b):
    token = Token.objects.create(user=manager_a)
    client = Client()

    response = client.get(MEMBERS, headers={"Authorization": f"Token {token.key}"})

    assert names(response) == ["Alpha Robotics Srl"]
    created = client.post(
        MEMBERS,
        new_member(),
        content_type="application/json",
        headers={"Authorization": f"Token {token.key}"},
    )
    assert created.status_code == 201, created.content
    assert Member.objects.get(name="Api Member Srl").cluster.slug == "alpha"


def test_a_wrong_token_is_refused(manager_a, member_a):
    Token.objects.create(user=manager_a)

    response = Client().get(MEMBERS, headers={"Authorization": "Token not-the-right-key"})

    assert response.status_code in (401, 403)
    assert "Alpha Robotics Srl" not in response.content.decode()


@pytest.mark.parametrize("url", [MEMBERS, CLUSTERS, f"{CLUSTERS}alpha/"])
def test_anonymous_requests_are_refused(client, member_a, url):
    response = client.get(url)

    assert response.status_code in (401, 403)
    assert "Alpha" not in response.content.decode()


def test_anonymous_cannot_create(client, cluster_a):
    response = post_json(client, MEMBERS, new_member())

    assert response.status_code in (401, 403)
    assert not Member.objects.exists()


# --- Writes ---------------------------------------------------------------------------------


def test_manager_creates_and_updates_a_member(client_for, manager_a, cluster_a, sector):
    client = client_for(manager_a)

    created = post_json(client, MEMBERS, new_member(sectors=["energy"], vat_number="IT 42"))

    assert created.status_code == 201, created.content
    member = Member.objects.get()
    assert created.json()["id"] == member.pk
    assert member.cluster == cluster_a
    assert member.organisation_key == "vat:IT42"
    assert list(member.sectors.values_list("slug", flat=True)) == ["energy"]

    patched = patch_json(client, member_url(member), {"contact_name": "Nuovo Contatto"})

    assert patched.status_code == 200, patched.content
    member.refresh_from_db()
    assert member.contact_name == "Nuovo Contatto"
    assert list(member.sectors.values_list("slug", flat=True)) == ["energy"]


def test_coordinator_creates_in_any_cluster(client_for, coordinator, cluster_b):
    response = post_json(client_for(coordinator), MEMBERS, new_member(cluster="beta"))

    assert response.status_code == 201, response.content
    assert Member.objects.get().cluster == cluster_b


def assert_400(response, *fields):
    assert response.status_code == 400, (response.status_code, response.content)
    errors = response.json()
    for field in fields:
        assert field in errors, errors
    return errors


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"name": None}, "name", id="name-null"),
        pytest.param({"name": ""}, "name", id="name-blank"),
        pytest.param({"name": {"nested": 1}}, "name", id="name-object"),
        pytest.param({"name": "x" * 300}, "name", id="name-too-long"),
        pytest.param({"contact_email": "not-an-address"}, "contact_email", id="bad-email"),
        pytest.param({"country": "XX"}, "country", id="unknown-country"),
        pytest.param({"country": "Atlantis"}, "country", id="unknown-country-name"),
        pytest.param({"country": ["IT"]}, "country", id="country-list"),
        pytest.param({"country": 5}, "country", id="country-number"),
        pytest.param({"member_type": "startup"}, "member_type", id="unknown-type"),
        pytest.param({"member_type": ["sme"]}, "member_type", id="type-list"),
        pytest.param({"cluster": "nowhere"}, "cluster", id="unknown-cluster"),
        pytest.param({"cluster": ["alpha"]}, "cluster", id="cluster-list"),
        pytest.param({"cluster": 7}, "cluster", id="cluster-number"),
        pytest.param({"sectors": "energy"}, "sectors", id="sectors-string"),
        pytest.param({"sectors": ["nope"]}, "sectors", id="unknown-sector"),
        pytest.param({"sectors": [{"slug": "energy"}]}, "sectors", id="sectors-objects"),
        pytest.param({"joined_on": "yesterday"}, "joined_on", id="garbage-date"),
        pytest.param({"joined_on": 20240101}, "joined_on", id="number-date"),
        pytest.param({"joined_on": "2024-02-30"}, "joined_on", id="impossible-date"),
        pytest.param({"survey_consent": "perhaps"}, "survey_consent", id="garbage-bool"),
        pytest.param({"preferred_language": "klingon"}, "preferred_language", id="bad-lang"),
        pytest.param({"size_class": "huge"}, "size_class", id="bad-size"),
    ],
)
def test_bad_member_input_is_a_400_with_the_field(
    client_for, manager_a, cluster_a, sector, overrides, field
):
    response = post_json(client_for(manager_a), MEMBERS, new_member(**overrides))

    assert_400(response, field)
    assert not Member.objects.exists()


def test_missing_name_is_a_400(client_for, manager_a, cluster_a):
    data = new_member()
    del data["name"]

    errors = assert_400(post_json(client_for(manager_a), MEMBERS, data), "name")

    assert errors["name"] == ["This field is required."]
    assert not Member.objects.exists()


def test_posting_into_another_cluster_is_a_400_on_cluster(
    client_for, manager_a, cluster_a, cluster_b
):
    response = post_json(client_for(manager_a), MEMBERS, new_member(cluster="beta"))

    assert_400(response, "cluster")
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"name": "Broken', id="truncated"),
        pytest.param("not json at all", id="text"),
        pytest.param("[1, 2, 3]", id="list"),
        pytest.param('"just a string"', id="string"),
        pytest.param("null", id="null"),
    ],
)
def test_malformed_body_is_a_400(client_for, manager_a, cluster_a, body):
    response = client_for(manager_a).post(MEMBERS, body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()  # an explanation, not an empty body
    assert not Member.objects.exists()


def test_a_duplicate_member_is_a_400(client_for, manager_a, member_a):
    response = post_json(
        client_for(manager_a), MEMBERS, new_member(name="Alpha Robotics S.p.A.", vat_number="it100")
    )

    errors = assert_400(response)
    assert "already a member of this cluster" in str(errors)
    assert Member.objects.count() == 1


def test_the_same_company_in_another_cluster_is_fine(client_for, coordinator, member_a):
    response = post_json(
        client_for(coordinator), MEMBERS, new_member(cluster="beta", vat_number="IT100")
    )

    assert response.status_code == 201, response.content
    assert Member.objects.filter(organisation_key="vat:IT100").count() == 2


def test_leaving_before_joining_is_a_400(client_for, manager_a, cluster_a):
    response = post_json(
        client_for(manager_a),
        MEMBERS,
        new_member(joined_on="2024-05-01", left_on="2024-04-30"),
    )

    errors = assert_400(response)
    assert "cannot leave before it joined" in str(errors)
    assert not Member.objects.exists()


def test_consent_without_a_date_is_a_400(client_for, manager_a, cluster_a):
    response = post_json(client_for(manager_a), MEMBERS, new_member(survey_consent=True))

    errors = assert_400(response)
    assert "consent" in str(errors)
    assert not Member.objects.exists()


def test_patch_that_breaks_an_invariant_is_a_400(client_for, manager_a, member_a):
    url = member_url(member_a)
    client = client_for(manager_a)

    assert_400(patch_json(client, url, {"joined_on": "2024-05-01", "left_on": "2024-01-01"}))
    assert_400(patch_json(client, url, {"survey_consent": True}))
    assert_400(patch_json(client, url, {"contact_email": "nope"}), "contact_email")
    assert_400(patch_json(client, url, {"sectors": "energy"}), "sectors")
    assert client.patch(url, "{broken", content_type="application/json").status_code == 400

    member_a.refresh_from_db()
    assert member_a.left_on is None
    assert member_a.survey_consent is False


def test_patch_into_a_duplicate_is_a_400(client_for, manager_a, cluster_a, member_a):
    other = MemberFactory(cluster=cluster_a, name="Other Srl")

    assert_400(patch_json(client_for(manager_a), member_url(other), {"vat_number": "IT-100"}))

    other.refresh_from_db()
    assert other.vat_number == ""


def test_a_member_cannot_be_moved_to_another_cluster(client_for, manager_a, coordinator, member_a):
    # Manager A cannot even name cluster B.
    assert_400(
        patch_json(client_for(manager_a), member_url(member_a), {"cluster": "beta"}), "cluster"
    )
    # The coordinator may change both clusters, but a member is not moved.
    errors = assert_400(
        patch_json(client_for(coordinator), member_url(member_a), {"cluster": "beta"}), "cluster"
    )
    assert "cannot be moved" in str(errors)

    member_a.refresh_from_db()
    assert member_a.cluster.slug == "alpha"


def test_viewer_cannot_write(client_for, viewer_a, cluster_a, member_a):
    client = client_for(viewer_a)

    assert names(client.get(MEMBERS)) == ["Alpha Robotics Srl"]
    created = post_json(client, MEMBERS, new_member(name="Viewer Made Srl"))
    patched = patch_json(client, member_url(member_a), {"name": "Viewer Renamed"})

    # A viewer may change nothing: creating is refused like changing (403, not a 400 for
    # the body's cluster; the permission matrix of issue 11 found it).
    assert created.status_code == 403
    assert patched.status_code == 403
    assert list(Member.objects.values_list("name", flat=True)) == ["Alpha Robotics Srl"]


def test_delete_is_not_offered(client_for, coordinator, member_a):
    response = client_for(coordinator).delete(member_url(member_a))

    assert response.status_code == 405
    assert Member.objects.filter(pk=member_a.pk).exists()


# --- Schema and docs ------------------------------------------------------------------------


def test_schema_is_an_openapi_document(client_for, manager_a):
    response = client_for(manager_a).get("/api/schema/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/members/" in schema["paths"]
    assert "/api/clusters/{slug}/" in schema["paths"]


def test_docs_use_only_local_assets(client_for, manager_a):
    response = client_for(manager_a).get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    sources = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", body)
    assert any("swagger-ui" in source for source in sources), sources
    remote = [s for s in sources if re.match(r"(?:https?:)?//", s)]
    assert remote == []
    # Nor loaded from script (the schema URL is local too).
    assert not re.search(r"""["'](?:https?:)?//(?!localhost|testserver)[^"']+\.(?:js|css)""", body)


def test_control_characters_in_a_name_are_a_field_error(client_for, manager_a, cluster_a):
    response = post_json(client_for(manager_a), MEMBERS, new_member(name="Acme\x01 Tools"))
    assert response.status_code == 400
    assert "name" in response.json()
    assert not Member.objects.exists()
