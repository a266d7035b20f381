"""The clusters pages: what each role sees, may change, and is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters import selectors
from clusters.models import LabelAward, Member
from tests.factories import LabelAwardFactory, MemberFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db


def names_on(response):
    assert response.status_code == 200
    return [member.name for member in response.context["page"].object_list]


def member_form_data(**overrides):
    data = {
        "name": "Typed Name Srl",
        "member_type": "sme",
        "size_class": "small",
        "country": "IT",
        "vat_number": "",
        "contact_name": "Carla Bianchi",
        "contact_email": "carla@typed.example",
        "preferred_language": "it",
        "joined_on": "2024-02-01",
        "survey_consent_on": "",
        "left_on": "",
    }
    data.update(overrides)
    return data


# --- Cluster list and detail ----------------------------------------------------------


def test_cluster_list_shows_only_visible_clusters(client_for, manager_a, coordinator):
    response = client_for(manager_a).get(reverse("clusters:list"))
    assert response.status_code == 200
    assert [c.acronym for c in response.context["clusters"]] == ["ALPHA"]
    assert "BETA" not in response.content.decode()

    response = client_for(coordinator).get(reverse("clusters:list"))
    assert [c.acronym for c in response.context["clusters"]] == ["ALPHA", "BETA"]


def test_cluster_detail_shows_own_cluster(client_for, manager_a, cluster_a, member_a, member_b):
    response = client_for(manager_a).get(cluster_a.get_absolute_url())

    assert response.status_code == 200
    assert response.context["cluster"] == cluster_a
    assert response.context["can_change"] is True
    body = response.content.decode()
    assert "Alpha Robotics Srl" in body
    assert "Beta Secret Kft" not in body
    assert reverse("clusters:member_create", kwargs={"slug": "alpha"}) in body


def test_manager_gets_404_on_another_clusters_pages(client_for, manager_a, cluster_b, member_b):
    client = client_for(manager_a)
    urls = [
        cluster_b.get_absolute_url(),
        reverse("clusters:member_detail", kwargs={"pk": member_b.pk}),
        reverse("clusters:member_update", kwargs={"pk": member_b.pk}),
        reverse("clusters:member_create", kwargs={"slug": cluster_b.slug}),
        reverse("clusters:member_import", kwargs={"slug": cluster_b.slug}),
        reverse("clusters:label_create", kwargs={"slug": cluster_b.slug}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Beta Secret Kft" not in response.content.decode()


def test_manager_cannot_write_into_another_cluster(client_for, manager_a, cluster_b, member_b):
    client = client_for(manager_a)

    created = client.post(
        reverse("clusters:member_create", kwargs={"slug": cluster_b.slug}), member_form_data()
    )
    edited = client.post(
        reverse("clusters:member_update", kwargs={"pk": member_b.pk}),
        member_form_data(name="Hijacked", country="HU"),
    )

    assert created.status_code == 404
    assert edited.status_code == 404
    assert not Member.objects.filter(name__in=["Typed Name Srl", "Hijacked"]).exists()
    member_b.refresh_from_db()
    assert member_b.name == "Beta Secret Kft"


def test_viewer_reads_but_gets_403_on_changes(client_for, viewer_a, cluster_a, member_a):
    client = client_for(viewer_a)

    detail = client.get(cluster_a.get_absolute_url())
    assert detail.status_code == 200
    assert detail.context["can_change"] is False
    assert reverse("clusters:member_create", kwargs={"slug": "alpha"}) not in (
        detail.content.decode()
    )
    member_page = client.get(member_a.get_absolute_url())
    assert member_page.status_code == 200
    edit_url = reverse("clusters:member_update", kwargs={"pk": member_a.pk})
    assert edit_url not in member_page.content.decode()
    assert names_on(client.get(reverse("clusters:member_list"))) == ["Alpha Robotics Srl"]

    create_url = reverse("clusters:member_create", kwargs={"slug": cluster_a.slug})
    assert client.get(create_url).status_code == 403
    assert client.post(create_url, member_form_data()).status_code == 403
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, member_form_data(name="Renamed")).status_code == 403
    import_url = reverse("clusters:member_import", kwargs={"slug": cluster_a.slug})
    assert client.get(import_url).status_code == 403

    assert list(Member.objects.values_list("name", flat=True)) == ["Alpha Robotics Srl"]


def test_a_user_without_a_role_sees_nothing(client_for, cluster_a, member_a):
    client = client_for(UserFactory(email="nobody@portal.example"))

    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert dashboard.context["clusters"] == []
    assert dashboard.context["distinct_organisations"] == 0
    assert names_on(client.get(reverse("clusters:member_list"))) == []
    assert client.get(cluster_a.get_absolute_url()).status_code == 404
    assert client.get(member_a.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        # "/" sends anonymous visitors to the public project site (tests/tracekei).
        "/clusters/",
        "/clusters/alpha/",
        "/members/",
        "/members/?export=csv",
        "/clusters/alpha/members/new/",
    ],
)
def test_anonymous_users_are_sent_to_the_log_in_page(client, cluster_a, url):
    response = client.get(url)

    assert response.status_code == 302
    login = reverse("account_login")
    assert response["Location"].startswith(f"{login}?next=")


# --- Member list ------------------------------------------------------------------------


@pytest.fixture
def varied_members(cluster_a, cluster_b):
    today = timezone.localdate()
    return {
        "sme_it": MemberFactory(
            cluster=cluster_a, name="Torino Gears Srl", contact_name="Paola Neri"
        ),
        "uni_de": MemberFactory(
            cluster=cluster_a,
            name="Technische Hochschule",
            member_type="university",
            country="DE",
            vat_number="DE811",
        ),
        "left": MemberFactory(
            cluster=cluster_a,
            name="Gone Away Spa",
            joined_on=today - dt.timedelta(days=400),
            left_on=today - dt.timedelta(days=10),
        ),
        "other_cluster": MemberFactory(
            cluster=cluster_b, name="Torino Twin Kft", member_type="university", country="DE"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Gone Away Spa", "Technische Hochschule", "Torino Gears Srl"]),
        ("?q=torino", ["Torino Gears Srl"]),
        ("?q=paola", ["Torino Gears Srl"]),
        ("?q=DE811", ["Technische Hochschule"]),
        ("?member_type=university", ["Technische Hochschule"]),
        ("?country=DE", ["Technische Hochschule"]),
        ("?status=active", ["Technische Hochschule", "Torino Gears Srl"]),
        ("?status=left", ["Gone Away Spa"]),
        ("?member_type=sme&status=active", ["Torino Gears Srl"]),
    ],
)
def test_member_list_search_and_filters_stay_in_scope(
    client_for, manager_a, varied_members, query, expected
):
    response = client_for(manager_a).get(reverse("clusters:member_list") + query)

    assert names_on(response) == expected
    assert "Torino Twin Kft" not in response.content.decode()


def test_member_list_cluster_filter_refuses_an_invisible_cluster(
    client_for, manager_a, varied_members
):
    response = client_for(manager_a).get(reverse("clusters:member_list") + "?cluster=beta")

    assert response.status_code == 400
    assert "Torino Twin Kft" not in response.content.decode()
    assert response.context["filter"].errors  # beta is not a choice for manager A
    # Not the unfiltered list either: a broken filter shows its error and no rows.
    assert response.context["page"].paginator.count == 0
    export = client_for(manager_a).get(reverse("clusters:member_list") + "?cluster=beta&export=csv")
    assert export.status_code == 400
    assert not export.get("Content-Disposition")


def test_coordinator_member_list_covers_every_cluster(client_for, coordinator, varied_members):
    all_names = names_on(client_for(coordinator).get(reverse("clusters:member_list")))
    assert "Torino Twin Kft" in all_names
    assert len(all_names) == 4
    beta = names_on(client_for(coordinator).get(reverse("clusters:member_list") + "?cluster=beta"))
    assert beta == ["Torino Twin Kft"]


def test_member_list_paginates(client_for, manager_a, cluster_a, cluster_b):
    for number in range(30):
        MemberFactory(cluster=cluster_a, name=f"Paged Member {number:02d}")
    MemberFactory(cluster=cluster_b, name="Paged Member BB")
    client = client_for(manager_a)

    first = client.get(reverse("clusters:member_list"))
    second = client.get(reverse("clusters:member_list") + "?page=2")
    filtered = client.get(reverse("clusters:member_list") + "?q=Paged&page=2")

    assert names_on(first) == [f"Paged Member {n:02d}" for n in range(25)]
    assert names_on(second) == [f"Paged Member {n:02d}" for n in range(25, 30)]
    assert first.context["page"].paginator.count == 30
    assert "page=2" in first.content.decode()
    assert names_on(filtered) == names_on(second)
    assert "q=Paged&amp;page=1" in filtered.content.decode()


# --- Member detail, create, edit ----------------------------------------------------------


def test_member_detail_shows_the_member(client_for, manager_a, member_a):
    sector = SectorFactory(name="Aerospace", slug="aerospace")
    member_a.sectors.set([sector])

    response = client_for(manager_a).get(member_a.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "Alpha Robotics Srl" in body
    assert "Aerospace" in body
    assert reverse("clusters:member_update", kwargs={"pk": member_a.pk}) in body


def test_manager_creates_a_member(client_for, manager_a, cluster_a):
    sector = SectorFactory(name="Energy", slug="energy")
    url = reverse("clusters:member_create", kwargs={"slug": cluster_a.slug})

    response = client_for(manager_a).post(
        url, member_form_data(sectors=[sector.pk], vat_number="IT 777")
    )

    member = Member.objects.get()
    assert response.status_code == 302
    assert response["Location"] == member.get_absolute_url()
    assert member.cluster == cluster_a
    assert member.name == "Typed Name Srl"
    assert member.organisation_key == "vat:IT777"
    assert list(member.sectors.all()) == [sector]


def test_manager_edits_a_member(client_for, manager_a, member_a):
    sector = SectorFactory(name="Energy", slug="energy")
    url = reverse("clusters:member_update", kwargs={"pk": member_a.pk})
    client = client_for(manager_a)

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert 'value="Alpha Robotics Srl"' in form_page.content.decode()

    response = client.post(
        url,
        member_form_data(
            name="Alpha Robotics Spa", contact_name="New Contact", sectors=[sector.pk]
        ),
    )

    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.name == "Alpha Robotics Spa"
    assert member_a.contact_name == "New Contact"
    assert member_a.cluster.slug == "alpha"
    assert list(member_a.sectors.all()) == [sector]
    assert Member.objects.count() == 1


def test_bad_email_keeps_typed_values_and_shows_the_error_by_the_field(
    client_for, manager_a, cluster_a
):
    url = reverse("clusters:member_create", kwargs={"slug": cluster_a.slug})

    response = client_for(manager_a).post(url, member_form_data(contact_email="not-an-address"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"contact_email": ["Enter a valid email address."]}
    body = response.content.decode()
    assert 'value="Typed Name Srl"' in body
    assert 'value="Carla Bianchi"' in body
    assert 'value="not-an-address"' in body
    error = '<ul class="field-error" id="id_contact_email_error"><li>Enter a valid email address.'
    assert error in body
    # The error sits after the e-mail input and before the next field's input.
    assert (
        body.index('name="contact_email"')
        < body.index(error)
        < body.index('name="preferred_language"')
    )
    assert not Member.objects.exists()


def test_same_organisation_twice_is_a_clear_error(client_for, manager_a, cluster_a, cluster_b):
    MemberFactory(cluster=cluster_a, name="Acme Srl", vat_number="IT123")
    MemberFactory(cluster=cluster_b, name="Other Kft", vat_number="HU555", country="HU")
    url = reverse("clusters:member_create", kwargs={"slug": cluster_a.slug})
    client = client_for(manager_a)

    response = client.post(url, member_form_data(name="ACME S.r.l.", vat_number="it-123"))

    assert response.status_code == 200
    assert "already a member of this cluster" in response.content.decode()
    assert "already a member of this cluster" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert Member.objects.filter(cluster=cluster_a).count() == 1

    # The same company in another cluster is not a duplicate here.
    ok = client.post(url, member_form_data(name="Other Kft", vat_number="HU555", country="HU"))
    assert ok.status_code == 302
    assert Member.objects.filter(organisation_key="vat:HU555").count() == 2


def test_editing_into_a_duplicate_is_a_clear_error(client_for, manager_a, cluster_a):
    MemberFactory(cluster=cluster_a, name="Acme Srl", vat_number="IT123")
    other = MemberFactory(cluster=cluster_a, name="Other Srl")
    url = reverse("clusters:member_update", kwargs={"pk": other.pk})

    response = client_for(manager_a).post(
        url, member_form_data(name="Other Srl", vat_number="IT123")
    )

    assert response.status_code == 200
    assert "already a member of this cluster" in response.content.decode()
    other.refresh_from_db()
    assert other.vat_number == ""


# --- Labels -------------------------------------------------------------------------------


def label_valid_until(cluster, days_from_today, **kwargs):
    today = timezone.localdate()
    return LabelAwardFactory(
        cluster=cluster,
        awarded_on=today - dt.timedelta(days=365),
        valid_until=today + dt.timedelta(days=days_from_today),
        **kwargs,
    )


def test_label_expires_soon_within_the_warning_window(cluster_a):
    day = dt.date(2025, 6, 1)
    label = LabelAward(cluster=cluster_a, level="silver", awarded_on=dt.date(2024, 1, 1))
    cases = {
        30: True,
        90: True,
        91: False,
        200: False,
        0: True,  # valid through its last day, which is today
        -5: False,
    }
    for days, expected in cases.items():
        label.valid_until = day + dt.timedelta(days=days)
        assert label.expires_soon(day) is expected, days


def test_cluster_page_flags_a_label_expiring_within_90_days(client_for, manager_a, cluster_a):
    label_valid_until(cluster_a, 30, level="gold")
    client = client_for(manager_a)

    detail = client.get(cluster_a.get_absolute_url())
    listing = client.get(reverse("clusters:list"))

    assert detail.context["current_label"].level == "gold"
    assert detail.context["label_expires_soon"] is True
    assert "Label expiring" in detail.content.decode()
    assert "⚠ expires" in listing.content.decode()


def test_cluster_page_does_not_flag_a_label_valid_for_200_days(client_for, manager_a, cluster_a):
    label_valid_until(cluster_a, 200, level="gold")
    client = client_for(manager_a)

    detail = client.get(cluster_a.get_absolute_url())
    listing = client.get(reverse("clusters:list"))

    assert detail.context["current_label"].level == "gold"
    assert detail.context["label_expires_soon"] is False
    assert "Label expiring" not in detail.content.decode()
    assert "⚠ expires" not in listing.content.decode()


def test_dashboard_warns_only_about_visible_expiring_labels(
    client_for, manager_a, coordinator, cluster_a, cluster_b
):
    soon = label_valid_until(cluster_b, 30)
    label_valid_until(cluster_a, 200)

    assert client_for(manager_a).get("/").context["expiring_labels"] == []
    assert client_for(coordinator).get("/").context["expiring_labels"] == [soon]


# --- Platform criteria ----------------------------------------------------------------------


def test_platform_criteria_all_met(cluster_a):
    cluster_a.management_staff_fte = Decimal("0.5")
    cluster_a.website = "https://alpha.example"
    cluster_a.website_in_english = True
    cluster_a.save()
    for number in range(14):
        MemberFactory(cluster=cluster_a, name=f"SME {number}")
    MemberFactory(cluster=cluster_a, name="University", member_type="university")

    criteria = selectors.platform_criteria(cluster_a)

    assert [criterion.met for criterion in criteria] == [True, True, True, True]
    assert criteria[1].detail == "15 members"
    assert criteria[2].detail == "industry, research"


def test_platform_criteria_not_met(cluster_a, cluster_b):
    cluster_a.management_staff_fte = Decimal("0.4")
    cluster_a.website = "https://alpha.example"
    cluster_a.website_in_english = False
    cluster_a.save()
    for number in range(13):
        MemberFactory(cluster=cluster_a, name=f"SME {number}")
    # Neither a member that left nor other clusters' members count.
    MemberFactory(
        cluster=cluster_a,
        name="Left University",
        member_type="university",
        joined_on=dt.date(2020, 1, 1),
        left_on=dt.date(2021, 1, 1),
    )
    for number in range(5):
        MemberFactory(cluster=cluster_b, name=f"Beta uni {number}", member_type="university")
    MemberFactory(cluster=cluster_a, name="An association", member_type="association")

    criteria = selectors.platform_criteria(cluster_a)

    assert [criterion.met for criterion in criteria] == [False, False, False, False]
    assert criteria[1].detail == "14 members"
    assert criteria[2].detail == "industry"


# --- Dashboard ----------------------------------------------------------------------------


def test_dashboard_counts_a_company_in_two_clusters_once(
    client_for, coordinator, manager_a, cluster_a, cluster_b
):
    MemberFactory(cluster=cluster_a, name="Acme Srl", vat_number="IT123")
    MemberFactory(cluster=cluster_b, name="ACME S.r.l. (Hungarian branch)", vat_number="it 123")
    MemberFactory(cluster=cluster_a, name="Only In Alpha")
    MemberFactory(
        cluster=cluster_b,
        name="Former Member",
        joined_on=dt.date(2020, 1, 1),
        left_on=dt.date(2021, 1, 1),
    )

    coordinator_view = client_for(coordinator).get("/")
    assert coordinator_view.status_code == 200
    assert coordinator_view.context["member_total"] == 3
    assert coordinator_view.context["distinct_organisations"] == 2

    manager_view = client_for(manager_a).get("/")
    assert manager_view.context["member_total"] == 2
    assert manager_view.context["distinct_organisations"] == 2
    assert [c.acronym for c in manager_view.context["clusters"]] == ["ALPHA"]
