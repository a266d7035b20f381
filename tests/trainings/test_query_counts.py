"""Every trainings list page and list endpoint makes the same number of SQL queries with
one row as with many: nothing is loaded row by row."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ActivityFactory, ClusterFactory, attend, make_manager
from trainings import services
from trainings.models import CoreModule

pytestmark = pytest.mark.django_db

URLS = [
    "/trainings/",
    "/trainings/calendar/",
    "/trainings/skills/",
    "/trainings/mentoring/",
    "/trainings/modules/",
    "/trainings/{activity}/",
    "/api/activities/",
    "/api/participations/",
    "/api/skill-assessments/",
    "/api/modules/",
]


def grow(project, coordinator, home, assessment_round, count, prefix):
    """``count`` more activities with modules, participants and attendance, managers with
    ratings, and mentoring pairs."""
    modules = list(CoreModule.objects.all()[:3])
    people = []
    for n in range(count):
        cluster = ClusterFactory(project=project, acronym=f"{prefix}{n}", slug=f"{prefix}-{n}")
        manager = make_manager(cluster, email=f"{prefix}{n}@portal.example")
        people.append(manager)
        activity = ActivityFactory(
            organising_cluster=cluster, title=f"{prefix} {n}", host_cluster=home
        )
        activity.modules.set(modules)
        attend(activity, manager, activity.start_date, activity.end_date)
        services.participation_register(
            actor=coordinator, activity=activity, name=f"Guest {n}", email=f"g{n}@x.example"
        )
        services.self_assessment_submit(
            actor=manager, assessment_round=assessment_round, levels={m.pk: 3 for m in modules}
        )
    for mentor, mentee in itertools.pairwise(people):
        pair = services.mentoring_pair_create(
            actor=coordinator, project=project, mentor=mentor, mentee=mentee, goals="Grow"
        )
        services.mentoring_session_log(
            actor=coordinator, pair=pair, held_on=dt.date(2017, 7, 1), hours=2
        )
    return people


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in queries.captured_queries], response


@pytest.mark.parametrize("url", URLS)
def test_same_number_of_queries_for_few_and_many(client_for, project, coordinator, url):
    home = ClusterFactory(project=project, acronym="HOME", slug="home")
    assessment_round = services.assessment_round_open(
        actor=coordinator, project=project, name="Baseline", kind="baseline"
    )
    grow(project, coordinator, home, assessment_round, 2, "few")
    # The detail page shows one activity: it grows by participants instead.
    detail = ActivityFactory(organising_cluster=home, title="Detail")
    url = url.format(activity=detail.pk)
    attend(detail, coordinator)
    client = client_for(coordinator)
    client.get(url)  # warm-up: one-off caches are not rows

    few, small = count(client, url)
    people = grow(project, coordinator, home, assessment_round, 12, "many")
    for person in people:
        attend(detail, person, detail.start_date, detail.end_date)
    for n in range(5):  # the catalogue grows too (retired modules stay listed)
        CoreModule.objects.create(name=f"Retired {n}", slug=f"retired-{n}", is_active=False)
    many, large = count(client, url)

    assert len(large.content) > len(small.content)
    assert len(many) == len(few), "\n".join(["few:", *few, "", "many:", *many])
