"""Every URL of the app, for an anonymous visitor and for the manager of another cluster:
generated from the URL conf, so a new URL cannot escape the matrix."""

import datetime as dt

import pytest
from django.urls import reverse

from dissemination import urls
from dissemination.models import Collaboration, FollowUp, PolicyDialogue, SuccessStory
from tests.factories import ClusterFactory, make_activity, make_post

pytestmark = pytest.mark.django_db

LOGIN = 302
# name -> (object key, status for the manager of another cluster, status for anonymous)
EXPECTED = {
    "activity_list": (None, 200, LOGIN),
    "activity_create": (None, 200, LOGIN),
    "activity_detail": ("activity", 404, LOGIN),
    "activity_update": ("activity", 404, LOGIN),
    "activity_approve": ("activity", 404, LOGIN),
    "activity_evidence": ("activity", 404, LOGIN),
    "dialogue_list": (None, 200, LOGIN),
    "dialogue_create": (None, 200, LOGIN),
    "dialogue_detail": ("dialogue", 404, LOGIN),
    "dialogue_update": ("dialogue", 404, LOGIN),
    "follow_up_done": ("follow_up", 404, LOGIN),
    "market": (None, 200, LOGIN),
    "post_create": (None, 200, LOGIN),
    "post_detail": ("post", 200, LOGIN),  # the market place: seen by the project, ...
    "post_update": ("post", 403, LOGIN),  # ... changed by its own cluster only
    "collaboration_list": (None, 200, LOGIN),
    "collaboration_detail": ("collaboration", 404, LOGIN),
    "collaboration_answer": ("collaboration", 404, LOGIN),
    "story_list": (None, 200, LOGIN),
    "story_create": (None, 200, LOGIN),
    "story_detail": ("story", 404, LOGIN),
    "story_update": ("story", 404, LOGIN),
    "story_approve": ("story", 404, LOGIN),
    "story_picture": ("story", 404, LOGIN),
    "public_home": (None, 200, 200),
    "public_news": (None, 200, 200),
    "public_news_detail": ("activity", 404, 404),  # not published
    "public_events": (None, 200, 200),
    "public_stories": (None, 200, 200),
    "public_story_detail": ("story", 404, 404),
    "public_story_picture": ("story", 404, 404),
    "public_contact": (None, 200, 200),
    "public_feed": (None, 200, 200),
}
POST_ONLY = {"activity_approve", "follow_up_done", "collaboration_answer", "story_approve"}


def test_every_url_is_in_the_matrix():
    assert {pattern.name for pattern in urls.urlpatterns} == set(EXPECTED)


@pytest.fixture
def objects(cluster_a):
    third = ClusterFactory(project=cluster_a.project, acronym="GAMMA", country="DE")
    dialogue = PolicyDialogue.objects.create(
        cluster=cluster_a, date=dt.date(2017, 1, 1), authority="R", level="regional", topics="t"
    )
    post = make_post(cluster_a, "offer", topic="cold chain")
    return {
        "activity": make_activity(cluster_a, is_public=True),
        "dialogue": dialogue,
        "follow_up": FollowUp.objects.create(
            dialogue=dialogue, action="a", owner="o", due_on=dt.date(2020, 1, 1)
        ),
        "post": post,
        "collaboration": Collaboration.objects.create(
            post=post, owner_cluster=cluster_a, interested_cluster=third
        ),
        "story": SuccessStory.objects.create(
            cluster=cluster_a, title="S", challenge="c", action="a", result="r", is_public=True
        ),
    }


def request(client, name, objects):
    key = EXPECTED[name][0]
    url = reverse(f"dissemination:{name}", args=[objects[key].pk] if key else [])
    return client.post(url) if name in POST_ONLY else client.get(url)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_manager_of_another_cluster(client_for, manager_b, objects, name):
    assert request(client_for(manager_b), name, objects).status_code == EXPECTED[name][1]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_anonymous_visitor(client, objects, name):
    response = request(client, name, objects)
    assert response.status_code == EXPECTED[name][2]
    if response.status_code == LOGIN:
        assert response.url.startswith(reverse("account_login"))
