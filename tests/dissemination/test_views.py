"""The managers' and the coordinator's pages: scoping, bad input, the flows."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dissemination.models import (
    Collaboration,
    DisseminationActivity,
    FollowUp,
    PolicyDialogue,
    SuccessStory,
)
from tests.factories import make_activity, make_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%fake but well-typed\n"


def activity_data(cluster, **overrides):
    data = {
        "clusters": [cluster.pk],
        "activity_type": "event_talk",
        "date": "2017-06-20",
        "title": "Talk in Vienna",
        "countries": "AT, DE",
        "audience_size": "120",
        "audience_types": ["clusters"],
        "languages": ["en"],
    }
    data.update(overrides)
    return data


def test_list_shows_own_activities_only(client_for, manager_a, cluster_a, cluster_b):
    make_activity(cluster_a, title="Alpha talk")
    make_activity(cluster_b, title="Beta secret talk")
    make_activity(cluster_a, cluster_b, title="Joint newsletter")
    page = client_for(manager_a).get(reverse("dissemination:activity_list")).content.decode()
    assert "Alpha talk" in page and "Joint newsletter" in page
    assert "Beta secret talk" not in page


def test_another_clusters_activity_is_404(client_for, manager_a, cluster_b):
    activity = make_activity(cluster_b, title="Beta secret talk")
    client = client_for(manager_a)
    for name in ("activity_detail", "activity_update", "activity_evidence"):
        assert client.get(reverse(f"dissemination:{name}", args=[activity.pk])).status_code == 404


def test_create_an_activity(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        reverse("dissemination:activity_create"), activity_data(cluster_a)
    )
    activity = DisseminationActivity.objects.get()
    assert response.status_code == 302
    assert sorted(activity.countries_reached.values_list("country", flat=True)) == ["AT", "DE"]
    assert activity.created_by == manager_a


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("countries", "AT, QQ", "QQ is not a country code."),
        ("audience_size", "-3", "greater than or equal to 0"),
    ],
)
def test_bad_input_is_a_field_error_and_keeps_what_was_typed(
    client_for, manager_a, cluster_a, field, value, message
):
    response = client_for(manager_a).post(
        reverse("dissemination:activity_create"), activity_data(cluster_a, **{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Talk in Vienna"' in response.content.decode()
    assert not DisseminationActivity.objects.exists()


def test_a_manager_cannot_post_for_another_cluster(client_for, manager_a, cluster_b):
    response = client_for(manager_a).post(
        reverse("dissemination:activity_create"), activity_data(cluster_b)
    )
    assert response.status_code == 400
    assert not DisseminationActivity.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evidence.exe", b"MZ...", "Upload a file of one of these types"),
        ("evidence.pdf", b"<html>not a pdf</html>", "does not match its type"),
        ("evidence.pdf", PDF + b"0" * (5 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_evidence_of_the_wrong_type_or_too_large_is_refused(
    client_for, manager_a, cluster_a, name, content, message
):
    data = activity_data(cluster_a, evidence=SimpleUploadedFile(name, content))
    response = client_for(manager_a).post(reverse("dissemination:activity_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DisseminationActivity.objects.exists()


def test_evidence_is_served_only_to_those_who_see_the_activity(
    client_for, manager_a, manager_b, cluster_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = activity_data(cluster_a, evidence=SimpleUploadedFile("list.pdf", PDF))
    client_for(manager_a).post(reverse("dissemination:activity_create"), data)
    activity = DisseminationActivity.objects.get()
    assert activity.evidence.name.endswith(".pdf") and "list" not in activity.evidence.name
    url = reverse("dissemination:activity_evidence", args=[activity.pk])
    response = client_for(manager_a).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_for(manager_b).get(url).status_code == 404


def test_evidence_needs_a_log_in(client, cluster_a):
    activity = make_activity(cluster_a)
    url = reverse("dissemination:activity_evidence", args=[activity.pk])
    assert client.get(url).status_code == 302


def test_overdue_follow_ups_stand_out(client_for, manager_a, cluster_a, cluster_b):
    dialogue = PolicyDialogue.objects.create(
        cluster=cluster_a,
        date=dt.date(2017, 3, 1),
        authority="Regione",
        level="regional",
        topics="vouchers",
    )
    FollowUp.objects.create(
        dialogue=dialogue, action="Send the proposal", owner="Anna", due_on=dt.date(2020, 1, 1)
    )
    FollowUp.objects.create(
        dialogue=dialogue,
        action="Already sent",
        owner="Anna",
        due_on=dt.date(2020, 1, 1),
        done_on=dt.date(2019, 12, 1),
    )
    other = PolicyDialogue.objects.create(
        cluster=cluster_b,
        date=dt.date(2017, 3, 1),
        authority="Beta ministry",
        level="national",
        topics="x",
    )
    FollowUp.objects.create(
        dialogue=other, action="Beta's secret action", owner="B", due_on=dt.date(2020, 1, 1)
    )
    page = client_for(manager_a).get(reverse("dissemination:dialogue_list")).content.decode()
    assert "Follow-up actions past their due date" in page
    assert "Send the proposal" in page and "1 overdue" in page
    assert "Already sent" not in page
    assert "Beta" not in page


def test_follow_up_done_is_scoped(client_for, manager_a, manager_b, cluster_a):
    dialogue = PolicyDialogue.objects.create(
        cluster=cluster_a, date=dt.date(2017, 3, 1), authority="R", level="regional", topics="t"
    )
    follow_up = FollowUp.objects.create(
        dialogue=dialogue, action="Do it", owner="A", due_on=dt.date(2020, 1, 1)
    )
    url = reverse("dissemination:follow_up_done", args=[follow_up.pk])
    assert client_for(manager_b).post(url).status_code == 404
    assert client_for(manager_a).post(url).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on is not None


def test_viewer_reads_but_cannot_log(client_for, viewer_a, cluster_a):
    client = client_for(viewer_a)
    assert client.get(reverse("dissemination:dialogue_list")).status_code == 200
    assert client.get(reverse("dissemination:dialogue_create")).status_code == 403


def test_market_suggests_a_match_and_the_flow_forms_a_collaboration(
    client_for, manager_a, manager_b, cluster_a, cluster_b
):
    offer = make_post(cluster_b, "offer", topic="cold chain logistics", title="Cold chain help")
    make_post(cluster_a, "need", topic="cold chain logistics", title="We need cold chain")
    page = client_for(manager_a).get(reverse("dissemination:market")).content.decode()
    assert "Suggested matches" in page and "Cold chain help" in page

    response = client_for(manager_a).post(
        reverse("dissemination:post_detail", args=[offer.pk]),
        {"interested_cluster": cluster_a.pk, "message": "Interested"},
    )
    assert response.status_code == 302
    interest = Collaboration.objects.get()
    # the interested side cannot accept its own interest
    client_for(manager_a).post(
        reverse("dissemination:collaboration_answer", args=[interest.pk]), {"accept": "1"}
    )
    interest.refresh_from_db()
    assert interest.status == "interested"
    client_for(manager_b).post(
        reverse("dissemination:collaboration_answer", args=[interest.pk]), {"accept": "1"}
    )
    interest.refresh_from_db()
    assert interest.status == "active"


def test_interest_in_ones_own_offer_is_a_clear_error(client_for, manager_a, cluster_a):
    offer = make_post(cluster_a, "offer", topic="cold chain")
    response = client_for(manager_a).post(
        reverse("dissemination:post_detail", args=[offer.pk]),
        {"interested_cluster": cluster_a.pk},
    )
    assert response.status_code == 400
    assert "your own cluster&#x27;s post" in response.content.decode()
    assert not Collaboration.objects.exists()


def test_posts_of_another_project_are_404(client_for, manager_a):
    from tests.factories import ClusterFactory, ProjectFactory

    elsewhere = ClusterFactory(project=ProjectFactory(acronym="OTHER"))
    post = make_post(elsewhere, "offer", topic="secret")
    assert (
        client_for(manager_a).get(reverse("dissemination:post_detail", args=[post.pk])).status_code
        == 404
    )


def test_story_approval_by_the_coordinator_only(client_for, manager_a, coordinator, cluster_a):
    story = SuccessStory.objects.create(
        cluster=cluster_a, title="Story", challenge="c", action="a", result="r", is_public=True
    )
    url = reverse("dissemination:story_approve", args=[story.pk])
    assert client_for(manager_a).post(url, {"approve": "1"}).status_code == 403
    assert client_for(coordinator).post(url, {"approve": "1"}).status_code == 302
    story.refresh_from_db()
    assert story.approved_at is not None


def test_story_picture_of_the_wrong_type_is_refused(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        reverse("dissemination:story_create"),
        {
            "cluster": cluster_a.pk,
            "title": "S",
            "challenge": "c",
            "action": "a",
            "result": "r",
            "picture": SimpleUploadedFile("photo.gif", b"GIF89a"),
        },
    )
    assert response.status_code == 400
    assert not SuccessStory.objects.exists()


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (0, 51, 153)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_published_storys_picture_is_public_and_a_drafts_is_not(
    client_for, client, manager_a, coordinator, cluster_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = client_for(manager_a).post(
        reverse("dissemination:story_create"),
        {
            "cluster": cluster_a.pk,
            "title": "Pictured",
            "challenge": "c",
            "action": "a",
            "result": "r",
            "is_public": "on",
            "picture": SimpleUploadedFile("photo.png", png_bytes()),
            "picture_alt": "A blue square",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = SuccessStory.objects.get()
    public_url = reverse("dissemination:public_story_picture", args=[story.pk])
    client.logout()
    assert client.get(public_url).status_code == 404  # not approved yet
    client_for(coordinator).post(
        reverse("dissemination:story_approve", args=[story.pk]), {"approve": "1"}
    )
    client.logout()
    picture = client.get(public_url)
    assert picture.status_code == 200
    assert b"".join(picture.streaming_content) == png_bytes()
