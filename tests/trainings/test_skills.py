"""Skills: rounds, the self-assessment form, the gap matrix (constant queries, only
one's own row for a manager), progress and the modules most needed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClusterFactory, make_manager
from trainings import selectors, services
from trainings.models import AssessmentRound, CoreModule, SkillRating

pytestmark = pytest.mark.django_db


@pytest.fixture
def baseline(project, coordinator):
    return services.assessment_round_open(
        actor=coordinator, project=project, name="Baseline", kind="baseline"
    )


def rate(user, assessment_round, level):
    levels = {module.pk: level for module in CoreModule.objects.all()}
    services.self_assessment_submit(actor=user, assessment_round=assessment_round, levels=levels)


def test_coordinator_opens_a_round_and_a_manager_cannot(client_for, coordinator, manager_a):
    assert client_for(manager_a).get("/trainings/skills/rounds/new/").status_code == 403
    response = client_for(coordinator).post(
        "/trainings/skills/rounds/new/",
        {"name": "Baseline", "kind": "baseline", "opened_on": "2017-01-16"},
    )
    assert response.status_code == 302
    assert AssessmentRound.objects.get().name == "Baseline"


def test_self_assessment_form_keeps_input_and_refuses_out_of_range(client_for, baseline, manager_a):
    modules = list(CoreModule.objects.all())
    data = {f"module_{m.pk}": "3" for m in modules}
    data[f"module_{modules[0].pk}"] = "7"
    client = client_for(manager_a)
    response = client.post(f"/trainings/skills/rounds/{baseline.pk}/", data)
    assert response.status_code == 400
    assert "A rating is a whole number from 1 to 5." in response.content.decode()
    assert not SkillRating.objects.exists()
    data[f"module_{modules[0].pk}"] = "5"
    response = client.post(f"/trainings/skills/rounds/{baseline.pk}/", data)
    assert response.status_code == 302
    assert SkillRating.objects.filter(user=manager_a).count() == len(modules)
    assert SkillRating.objects.get(user=manager_a, module=modules[0]).level == 5


def test_the_coordinator_sees_every_manager_a_manager_only_themself(
    client_for, baseline, coordinator, manager_a, manager_b
):
    rate(manager_a, baseline, 2)
    rate(manager_b, baseline, 4)
    rows = client_for(coordinator).get("/trainings/skills/").context["matrix"].rows
    assert [(r.user, r.cells[0]) for r in rows] == [(manager_a, 2), (manager_b, 4)]
    own = client_for(manager_a).get("/trainings/skills/").context["matrix"].rows
    assert [r.user for r in own] == [manager_a]
    page = client_for(manager_a).get("/trainings/skills/").content.decode()
    assert manager_b.full_name not in page


def test_gap_matrix_runs_a_constant_number_of_queries(project, baseline, coordinator):
    def count():
        with CaptureQueriesContext(connection) as queries:
            matrix = selectors.gap_matrix(user=coordinator, assessment_round=baseline)
        return len(queries.captured_queries), matrix

    small_cluster = ClusterFactory(project=project, acronym="S", slug="s")
    rate(make_manager(small_cluster, email="one@portal.example"), baseline, 3)
    few, small = count()
    for n in range(12):
        cluster = ClusterFactory(project=project, acronym=f"C{n}", slug=f"c{n}")
        rate(make_manager(cluster, email=f"m{n}@portal.example"), baseline, 1 + n % 5)
    for n in range(5):
        CoreModule.objects.create(name=f"Extra {n}", slug=f"extra-{n}", position=50 + n)
    many, large = count()
    assert len(small.rows) == 1 and len(large.rows) == 13
    assert len(large.modules) == len(small.modules) + 5
    assert few == many


def test_progress_and_needs(project, baseline, coordinator, manager_a, manager_b):
    rate(manager_a, baseline, 2)
    rate(manager_b, baseline, 3)
    after = services.assessment_round_open(
        actor=coordinator, project=project, name="After", kind="after"
    )
    rate(manager_a, after, 4)
    result = selectors.progress(user=coordinator, project_id=project.pk)
    by_name = {p.name: p for p in result["managers"]}
    assert by_name[manager_a.full_name].change == 2
    assert by_name[manager_b.full_name].after is None
    clusters = {p.name: (p.before, p.after) for p in result["clusters"]}
    assert clusters == {"ALPHA": (2, 4), "BETA": (3, None)}
    first_module = CoreModule.objects.first()
    services.self_assessment_submit(
        actor=manager_b, assessment_round=baseline, levels={first_module.pk: 1}
    )
    needs = selectors.modules_most_needed(assessment_round=baseline)
    assert needs[0].module == first_module
    assert needs[0].low_count == 2


def test_core_modules_catalogue_is_edited_by_the_coordinator(client_for, coordinator, manager_a):
    module = CoreModule.objects.first()
    response = client_for(manager_a).post(
        "/trainings/modules/", {"name": "Hack", "slug": "hack", "position": 1}
    )
    assert response.status_code == 403
    response = client_for(coordinator).post(
        f"/trainings/modules/?edit={module.pk}",
        {
            "name": "Cluster strategy and vision",
            "slug": module.slug,
            "position": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.name == "Cluster strategy and vision"


def test_a_bad_module_to_edit_is_a_404(client_for, coordinator):
    assert client_for(coordinator).get("/trainings/modules/?edit=abc").status_code == 404
    assert client_for(coordinator).get("/trainings/modules/?edit=999999").status_code == 404


def test_missing_seed_modules_are_put_back(client_for):
    CoreModule.objects.filter(slug="market-foresight").delete()
    CoreModule.objects.filter(slug="cluster-strategy").update(name="Strategy (edited)")
    assert services.core_modules_ensure() == 1
    assert CoreModule.objects.count() == 11
    assert CoreModule.objects.get(slug="cluster-strategy").name == "Strategy (edited)"
