"""Every dissemination list page and list endpoint makes the same number of SQL queries
with 1 row as with many: nothing is loaded row by row."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dissemination.models import Collaboration, FollowUp, PolicyDialogue, SuccessStory
from tests.factories import (
    ClusterFactory,
    SectorFactory,
    make_activity,
    make_coordinator,
    make_manager,
    make_post,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/dissemination/activities/",
    "/dissemination/policy-dialogues/",
    "/dissemination/market/",
    "/dissemination/collaborations/",
    "/dissemination/stories/",
    "/api/dissemination-activities/",
    "/api/policy-dialogues/",
    "/api/offers/",
    "/api/needs/",
    "/api/collaborations/",
    "/api/success-stories/",
    "/project/",
    "/project/news/",
    "/project/events/",
    "/project/stories/",
    "/project/feed/",
]
MANY = 12


def add_rows(home, partner, count, *, prefix):
    """``count`` of everything owned by ``home`` (shared with ``partner`` where it can)."""
    sector = SectorFactory(slug="agro", name="Agro")
    home.sectors.add(sector)
    for n in range(count):
        now = timezone.now()
        make_activity(
            home,
            partner,
            title=f"{prefix} news {n}",
            activity_type="news_article",
            countries=["FR", "ES"],
            is_public=True,
            approved_at=now,
        )
        make_activity(
            home,
            title=f"{prefix} event {n}",
            activity_type="event_organised",
            countries=["AT"],
            is_public=True,
            approved_at=now,
        )
        dialogue = PolicyDialogue.objects.create(
            cluster=home,
            date=dt.date(2017, 1, 1),
            authority=f"{prefix} authority {n}",
            level="regional",
            topics="t",
        )
        FollowUp.objects.create(
            dialogue=dialogue, action="a", owner="o", due_on=dt.date(2020, 1, 1)
        )
        need = make_post(home, "need", topic=f"cold chain logistics {prefix}{n}", sector=sector)
        offer = make_post(partner, "offer", topic=f"cold chain logistics {prefix}{n}")
        make_post(home, "offer", topic=f"solar drying {prefix}{n}")
        Collaboration.objects.create(
            post=offer, owner_cluster=partner, interested_cluster=home, interested_post=need
        )
        story = SuccessStory.objects.create(
            cluster=home,
            title=f"{prefix} story {n}",
            challenge="c",
            action="a",
            result="r",
            is_public=True,
            approved_at=now,
        )
        story.other_clusters.add(partner)


def count_queries(client, url):
    cache.clear()  # the public pages are cached: count the real work
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in queries.captured_queries], response


@pytest.mark.parametrize("role", ["coordinator", "manager"])
@pytest.mark.parametrize("url", URLS)
def test_same_number_of_queries_for_1_and_many_rows(client_for, project, role, url):
    home = ClusterFactory(project=project, acronym="HOME", slug="home", country="IT")
    partner = ClusterFactory(project=project, acronym="PARTNER", slug="partner", country="HU")
    user = (
        make_coordinator(project, email="count.coordinator@portal.example")
        if role == "coordinator"
        else make_manager(home, email="count.manager@portal.example")
    )
    client = client_for(user)
    add_rows(home, partner, 1, prefix="one")
    client.get(url)  # warm-up
    one_row, small = count_queries(client, url)
    add_rows(home, partner, MANY - 1, prefix="more")
    many_rows, large = count_queries(client, url)
    if url.startswith("/api/"):
        assert large.json()["count"] > small.json()["count"]
    else:
        assert len(large.content) > len(small.content)
    assert len(many_rows) == len(one_row), "\n".join(
        ["with 1 row:", *one_row, "", "with many rows:", *many_rows]
    )
