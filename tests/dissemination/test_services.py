"""The writes: scoping, invariants and bad input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from dissemination import services
from dissemination.models import (
    Collaboration,
    CollaborationPost,
    DisseminationActivity,
    SuccessStory,
)
from tests.factories import ClusterFactory, make_activity, make_post

pytestmark = pytest.mark.django_db


def activity_fields(**overrides):
    fields = {
        "activity_type": "news_article",
        "date": dt.date(2017, 5, 1),
        "title": "An article",
        "audience_size": 10,
    }
    fields.update(overrides)
    return fields


def test_activity_create_keeps_countries_once(manager_a, cluster_a):
    activity = services.activity_create(
        actor=manager_a, clusters=[cluster_a], countries=["fr", "FR", "es"], **activity_fields()
    )
    assert sorted(activity.countries_reached.values_list("country", flat=True)) == ["ES", "FR"]


def test_unknown_country_code_is_a_field_error_and_nothing_is_saved(manager_a, cluster_a):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=manager_a, clusters=[cluster_a], countries=["FR", "XX"], **activity_fields()
        )
    assert "XX is not a country code." in error.value.message_dict["countries"]
    assert not DisseminationActivity.objects.exists()


def test_negative_audience_is_refused_by_the_model_and_the_database(manager_a, cluster_a):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=manager_a, clusters=[cluster_a], **activity_fields(audience_size=-1)
        )
    assert "audience_size" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        DisseminationActivity.objects.create(**activity_fields(audience_size=-5))


def test_a_manager_cannot_write_for_another_cluster(manager_a, cluster_b):
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=manager_a, clusters=[cluster_b], **activity_fields())
    with pytest.raises(PermissionDenied):
        services.dialogue_create(
            actor=manager_a,
            cluster=cluster_b,
            date=dt.date(2017, 1, 1),
            authority="X",
            level="regional",
            topics="t",
        )


def test_interest_in_ones_own_post_is_refused(manager_a, cluster_a):
    offer = make_post(cluster_a, "offer", topic="cold chain")
    with pytest.raises(ValidationError) as error:
        services.interest_express(actor=manager_a, post=offer, interested_cluster=cluster_a)
    assert "own cluster" in error.value.message_dict["post"][0]
    assert not Collaboration.objects.exists()
    # and the database holds the rule too
    with pytest.raises(IntegrityError), transaction.atomic():
        Collaboration.objects.create(
            post=offer, owner_cluster=cluster_a, interested_cluster=cluster_a
        )


def test_interest_then_acceptance_forms_a_collaboration(manager_a, manager_b, cluster_a, cluster_b):
    offer = make_post(cluster_b, "offer", topic="cold chain")
    interest = services.interest_express(
        actor=manager_a, post=offer, interested_cluster=cluster_a, message="Let us talk"
    )
    assert interest.status == "interested"
    with pytest.raises(ValidationError):  # twice is once
        services.interest_express(actor=manager_a, post=offer, interested_cluster=cluster_a)
    with pytest.raises(PermissionDenied):  # only the post's owner answers
        services.interest_answer(actor=manager_a, collaboration=interest, accept=True)
    accepted = services.interest_answer(
        actor=manager_b, collaboration=interest, accept=True, on=dt.date(2017, 6, 1)
    )
    assert accepted.status == "active" and accepted.accepted_on == dt.date(2017, 6, 1)
    with pytest.raises(ValidationError):
        services.interest_answer(actor=manager_b, collaboration=interest, accept=False)
    done = services.collaboration_update(
        actor=manager_a, collaboration=accepted, status="completed", outcome="A joint service"
    )
    assert done.status == "completed"


def test_staff_exchange_host_sets_a_length_of_one_to_fourteen_days(manager_a, cluster_a):
    fields = {"kind": "staff_exchange", "title": "Host", "topic": "branding"}
    with pytest.raises(ValidationError) as error:
        services.post_create(actor=manager_a, cluster=cluster_a, direction="offer", **fields)
    assert "exchange_days" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.post_create(
            actor=manager_a, cluster=cluster_a, direction="offer", exchange_days=15, **fields
        )
    post = services.post_create(
        actor=manager_a, cluster=cluster_a, direction="offer", exchange_days=14, **fields
    )
    assert CollaborationPost.objects.get() == post


def test_story_approval_is_the_coordinators_and_an_edit_withdraws_it(
    manager_a, coordinator, cluster_a
):
    story = services.story_create(
        actor=manager_a,
        cluster=cluster_a,
        title="A story",
        challenge="c",
        action="a",
        result="r",
        is_public=True,
    )
    with pytest.raises(PermissionDenied):
        services.story_approve(actor=manager_a, story=story)
    services.story_approve(actor=coordinator, story=story)
    assert SuccessStory.objects.public().get() == story
    services.story_update(actor=manager_a, story=story, result="A better result")
    assert not SuccessStory.objects.public().exists()


def test_only_a_story_flagged_public_can_be_approved(manager_a, coordinator, cluster_a):
    story = services.story_create(
        actor=manager_a, cluster=cluster_a, title="Draft", challenge="c", action="a", result="r"
    )
    with pytest.raises(ValidationError):
        services.story_approve(actor=coordinator, story=story)


def test_story_members_must_belong_to_the_clusters_involved(
    manager_a, cluster_a, member_b, member_a
):
    with pytest.raises(ValidationError) as error:
        services.story_create(
            actor=manager_a,
            cluster=cluster_a,
            members=[member_a, member_b],
            title="S",
            challenge="c",
            action="a",
            result="r",
        )
    assert "members" in error.value.message_dict


def test_an_activity_shared_with_another_cluster_needs_both_to_change(
    manager_a, cluster_a, cluster_b
):
    shared = make_activity(cluster_a, cluster_b, countries=["FR"])
    with pytest.raises(PermissionDenied):
        services.activity_update(actor=manager_a, activity=shared, title="Mine now")
    other_project = ClusterFactory()
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=manager_a, clusters=[other_project], **activity_fields())
