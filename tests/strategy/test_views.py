"""The strategy pages: what each role sees, what is excluded, bad input, the workflow
through the pages and the personal consultation link."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from strategy import services
from strategy.models import Feedback, Ris3Priority, StrategyVersion, VersionStatus
from tests.factories import FULL_HEADINGS, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy_a(cluster_a, manager_a):
    return make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)


@pytest.fixture
def strategy_b(cluster_b, manager_b):
    return make_strategy(cluster_b, actor=manager_b, title="Beta secret plan")


def urls_of(strategy):
    pk = strategy.pk
    return [
        reverse("strategy:detail", args=[pk]),
        reverse("strategy:version", args=[pk, 1]),
        reverse("strategy:history", args=[pk]),
        reverse("strategy:compare", args=[pk]),
        reverse("strategy:indicators", args=[pk]),
        reverse("strategy:value_chain", args=[pk]),
        reverse("strategy:consultation", args=[pk, 1]),
    ]


def test_manager_sees_own_strategy_pages_and_not_anothers(
    client_for, manager_a, strategy_a, strategy_b
):
    client = client_for(manager_a)
    for url in urls_of(strategy_a):
        assert client.get(url).status_code == 200, url
    for url in [
        *urls_of(strategy_b),
        reverse("strategy:version_edit", args=[strategy_b.pk, 1]),
        reverse("strategy:adopt", args=[strategy_b.pk, 1]),
    ]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("strategy:list")).content.decode()
    assert "Strategy 2017-2022" in listing
    assert "Beta secret plan" not in listing


def test_viewer_reads_but_cannot_edit(client_for, viewer_a, strategy_a):
    client = client_for(viewer_a)
    assert client.get(reverse("strategy:detail", args=[strategy_a.pk])).status_code == 200
    assert client.get(reverse("strategy:version_edit", args=[strategy_a.pk, 1])).status_code == 403
    response = client.post(
        reverse("strategy:adopt", args=[strategy_a.pk, 1]),
        {"adopted_on": "2017-06-01", "adopted_by_body": "Board"},
    )
    assert response.status_code == 403


def test_adopting_with_a_missing_heading_shows_the_error(client_for, manager_a, cluster_a):
    strategy = make_strategy(cluster_a, actor=manager_a, vision="Only a vision")
    response = client_for(manager_a).post(
        reverse("strategy:adopt", args=[strategy.pk, 1]),
        {"adopted_on": "2017-06-01", "adopted_by_body": "General assembly"},
    )
    assert response.status_code == 400
    assert "Missing: Mission, Goals" in response.content.decode()
    assert response.context["form"]["adopted_by_body"].value() == "General assembly"
    assert strategy.versions.get().status == VersionStatus.DRAFT


def test_adopted_version_cannot_be_edited_through_the_page(client_for, manager_a, strategy_a):
    client = client_for(manager_a)
    response = client.post(
        reverse("strategy:adopt", args=[strategy_a.pk, 1]),
        {"adopted_on": "2017-06-01", "adopted_by_body": "General assembly"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("strategy:version_edit", args=[strategy_a.pk, 1]),
        {**FULL_HEADINGS, "vision": "Rewritten"},
    )
    assert response.status_code == 302
    assert StrategyVersion.objects.get(strategy=strategy_a).vision == FULL_HEADINGS["vision"]
    # A new version is the way to change it; then the compare page shows the change.
    client.post(reverse("strategy:next", args=[strategy_a.pk]))
    client.post(
        reverse("strategy:version_edit", args=[strategy_a.pk, 2]),
        {**FULL_HEADINGS, "vision": "A greener vision"},
    )
    page = client.get(reverse("strategy:compare", args=[strategy_a.pk]) + "?a=1&b=2")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        '<del><span class="visually-hidden">Removed: </span>A leading agro-food cluster.</del>'
        in html
    )
    assert '<ins><span class="visually-hidden">Added: </span>A greener vision</ins>' in html
    changed = {d.name: d.changed for d in page.context["diffs"]}
    assert changed["vision"] is True
    assert changed["mission"] is False
    assert (
        client.get(reverse("strategy:compare", args=[strategy_a.pk]) + "?a=9&b=x").status_code
        == 400
    )


def test_bad_goal_and_revenue_input_are_field_errors(client_for, manager_a, strategy_a):
    client = client_for(manager_a)
    response = client.post(
        reverse("strategy:version_item_add", args=[strategy_a.pk, 1, "revenue"]),
        {"revenue-source": "Fees", "revenue-year": "2018", "revenue-amount": "-10"},
    )
    assert response.status_code == 400
    assert response.context["revenue_form"].errors["amount"]
    assert not strategy_a.versions.get().revenue_lines.exists()
    response = client.post(
        reverse("strategy:indicators", args=[strategy_a.pk]),
        {"indicator-name": "Exporters", "indicator-target": "20"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"unit", "target_year"}


def test_consultation_through_the_pages_and_the_personal_link(
    client, client_for, manager_a, strategy_a, member_a
):
    manager = client_for(manager_a)
    response = manager.post(
        reverse("strategy:consultation", args=[strategy_a.pk, 1]),
        {"members": [member_a.pk], "policy_makers": "Regional Agency", "message": "Please comment"},
    )
    assert response.status_code == 200
    links = [url for _link, url in response.context["new_links"]]
    assert len(links) == 2
    path = re.sub(r"^https?://[^/]+", "", links[0])
    manager.logout()

    page = client.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert FULL_HEADINGS["vision"] in page.content.decode()
    assert client.post(path, {"heading": "vision", "comment": ""}).status_code == 400
    response = client.post(path, {"heading": "vision", "comment": "Say more about exports."})
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.author == member_a.name

    unknown = client.get("/consult/not-a-real-token/")
    assert unknown.status_code == 404
    assert unknown["Referrer-Policy"] == "no-referrer"

    manager = client_for(manager_a)
    detail = manager.get(reverse("strategy:detail", args=[strategy_a.pk])).content.decode()
    assert "Say more about exports." in detail
    manager.post(
        reverse("strategy:feedback_handle", args=[strategy_a.pk, 1, feedback.pk]),
        {"handling": "accepted", "handling_note": "Added a line"},
    )
    assert Feedback.objects.get().handling == "accepted"
    manager.post(reverse("strategy:consultation_close", args=[strategy_a.pk, 1]))
    manager.logout()
    closed = client.get(path)
    assert closed.status_code == 404
    assert "does not work" in closed.content.decode()


def test_ris3_catalogue_is_edited_by_the_coordinator_only(
    client_for, coordinator, manager_a, project
):
    data = {"region": "Puglia", "domain": "Agro-food", "description": ""}
    assert client_for(manager_a).post(reverse("strategy:ris3"), data).status_code == 403
    assert not Ris3Priority.objects.exists()
    client = client_for(coordinator)
    assert client.post(reverse("strategy:ris3"), data).status_code == 302
    assert client.post(reverse("strategy:ris3"), data).status_code == 400  # duplicate
    assert Ris3Priority.objects.count() == 1


def test_ris3_catalogue_refuses_a_manager_before_reading_the_form(
    client_for, coordinator, manager_a, viewer_a, project
):
    # An empty (invalid) form: refused with 403, not told what is missing (400).
    for user in (manager_a, viewer_a):
        assert client_for(user).post(reverse("strategy:ris3"), {}).status_code == 403
    assert client_for(coordinator).post(reverse("strategy:ris3"), {}).status_code == 400
    assert not Ris3Priority.objects.exists()


def test_matching_and_joint_pages_are_for_the_coordinator(
    client_for, coordinator, manager_a, manager_b, cluster_a, cluster_b, strategy_a
):
    services.goal_save(
        actor=manager_a,
        version=strategy_a.versions.get(),
        objective="Export",
        measurable_target="5",
        horizon_year=2020,
        tags="internationalisation",
    )
    services.version_adopt(
        actor=manager_a,
        version=strategy_a.versions.get(),
        adopted_on=dt.date(2017, 6, 1),
        adopted_by_body="Assembly",
    )
    other = make_strategy(cluster_b, actor=manager_b, **FULL_HEADINGS)
    services.goal_save(
        actor=manager_b,
        version=other.versions.get(),
        objective="Trade missions",
        measurable_target="3",
        horizon_year=2020,
        tags="Internationalisation",
    )
    services.version_adopt(
        actor=manager_b,
        version=other.versions.get(),
        adopted_on=dt.date(2017, 7, 1),
        adopted_by_body="Board",
    )
    assert client_for(manager_a).get(reverse("strategy:matching")).status_code == 404
    client = client_for(coordinator)
    page = client.get(reverse("strategy:matching"))
    assert page.status_code == 200
    assert [t.theme for t in page.context["result"].themes if t.kind == "tag"] == [
        "internationalisation"
    ]
    response = client.post(
        reverse("strategy:matching"),
        {
            "objective": "Joint export desk",
            "tags": "internationalisation",
            "clusters": [cluster_a.pk, cluster_b.pk],
        },
    )
    assert response.status_code == 302
    joint = client.get(reverse("strategy:joint"))
    assert "Joint export desk" in joint.content.decode()


def test_another_clusters_feedback_and_members_are_out_of_reach(
    client_for, manager_a, manager_b, strategy_a, member_a, member_b
):
    consultation, _links = services.consultation_open(
        actor=manager_a,
        version=strategy_a.versions.get(),
        respondents=[{"name": member_a.name, "role": "member", "member": member_a}],
    )
    feedback = services.feedback_record(
        consultation=consultation, actor=manager_a, heading="vision", comment="Ok", author="A"
    )
    intruder = client_for(manager_b)
    url = reverse("strategy:feedback_handle", args=[strategy_a.pk, 1, feedback.pk])
    assert intruder.post(url, {"handling": "declined"}).status_code == 404
    assert (
        intruder.post(reverse("strategy:feedback_record", args=[strategy_a.pk, 1])).status_code
        == 404
    )
    assert (
        intruder.post(reverse("strategy:consultation_close", args=[strategy_a.pk, 1])).status_code
        == 404
    )
    assert Feedback.objects.get().handling == "pending"
    # The manager's own value chain cannot place another cluster's member.
    response = client_for(manager_a).post(
        reverse("strategy:value_chain", args=[strategy_a.pk]),
        {"position": 1, "name": "Inputs", "members": [member_b.pk]},
    )
    assert response.status_code == 400
    assert "members" in response.context["form"].errors


def test_goal_form_offers_the_clusters_own_region(client_for, manager_a, strategy_a, project):
    strategy_a.cluster.region = "Puglia"
    strategy_a.cluster.save()
    own = Ris3Priority.objects.create(project=project, region="Puglia", domain="Agro-food")
    other = Ris3Priority.objects.create(project=project, region="Sofia", domain="Energy")
    page = client_for(manager_a).get(reverse("strategy:version_edit", args=[strategy_a.pk, 1]))
    offered = list(page.context["goal_form"].fields["ris3_priorities"].queryset)
    assert offered == [own]
    assert other not in offered
