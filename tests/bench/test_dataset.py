"""The dataset generator: its rows pass the portal's own validation, the same seed gives
the same rows, and the facts isolation depends on hold (each member's cluster exists,
each manager has exactly their cluster)."""

import dataclasses
import random

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from clusters import dataset as clusters_dataset
from clusters.models import Cluster, LabelAward, Member, Project, RoleAssignment, Sector
from dissemination.models import (
    ActivityCountry,
    CollaborationPost,
    DisseminationActivity,
    PolicyDialogue,
)
from services.models import NEW_OR_IMPROVED, Service, ServiceDelivery
from services.services import DeliveryItem, delivery_problems
from strategy.models import Goal, Ris3Priority, Strategy, StrategyVersion, VersionStatus
from tests.factories import UserFactory
from tracekei import access
from tracekei.bench import tasks as bench_tasks
from tracekei.bench.dataset import SIZES, Builder, Size, _csv_value, generate, size_named
from tracekei.bench.models import LoadedDataset
from tracekei.kpi.models import Indicator, RollupRun, Snapshot
from trainings.models import Activity, ActivityStatus, Attendance, Participation, SkillRating

pytestmark = pytest.mark.django_db

SMALL = Size(
    name="test",
    clusters=5,
    members_per_cluster=12,
    shared_member_share=0.25,
    deliveries=300,
    activities=12,
    dissemination_items=30,
)


class Rollback(Exception):
    pass


def snapshot() -> dict:
    """The generated rows by their natural keys (ids and clock-made timestamps aside)."""
    return {
        "clusters": list(
            Cluster.objects.order_by("slug").values_list(
                "slug", "acronym", "legal_name", "country", "founded_year", "management_staff_fte"
            )
        ),
        "members": list(
            Member.objects.order_by("cluster__slug", "organisation_key").values_list(
                "cluster__slug",
                "name",
                "member_type",
                "size_class",
                "vat_number",
                "organisation_key",
                "contact_email",
                "joined_on",
                "left_on",
                "survey_consent",
            )
        ),
        "member_sectors": sorted(
            Member.sectors.through.objects.values_list("member__organisation_key", "sector__slug")
        ),
        "labels": list(
            LabelAward.objects.order_by("cluster__slug").values_list(
                "cluster__slug", "level", "awarded_on"
            )
        ),
        "people": list(
            RoleAssignment.objects.order_by("user__email").values_list(
                "user__email", "role", "cluster__slug"
            )
        ),
        "services": list(
            Service.objects.order_by("cluster__slug", "name").values_list(
                "cluster__slug", "name", "category__slug", "status", "status_since", "fee_model"
            )
        ),
        "deliveries": sorted(
            ServiceDelivery.objects.values_list(
                "service__cluster__slug",
                "service__name",
                "member__organisation_key",
                "delivered_on",
                "hours",
            )
        ),
        "activities": list(
            Activity.objects.order_by("title").values_list(
                "title", "activity_type", "status", "start_date", "end_date"
            )
        ),
        "participants": list(
            Participation.objects.order_by("activity__title", "user__email", "name").values_list(
                "activity__title", "user__email", "name"
            )
        ),
        "strategy_versions": list(
            StrategyVersion.objects.order_by("strategy__cluster__slug", "number").values_list(
                "strategy__cluster__slug", "number", "status", "adopted_on"
            )
        ),
        "goals": sorted(Goal.objects.values_list("version__strategy__title", "objective", "tags")),
        "dissemination": list(
            DisseminationActivity.objects.order_by("title").values_list(
                "title", "date", "is_public", "audience_size"
            )
        ),
        "countries_reached": sorted(
            ActivityCountry.objects.values_list("activity__title", "country")
        ),
    }


def generated_snapshot(size: Size, seed: int) -> dict:
    """Generate, read back, and roll back, so the next call starts from an empty database."""
    result = {}
    try:
        with transaction.atomic():
            generate(size, seed=seed)
            result = snapshot()
            raise Rollback
    except Rollback:
        pass
    return result


@pytest.fixture
def generated():
    return generate(SMALL, seed=7)


def sample(queryset, count=15):
    rows = list(queryset.order_by("pk"))
    return random.Random(0).sample(rows, min(count, len(rows)))  # noqa: S311 - a test sample


def generated_models(builder) -> list:
    """Every model the generator wrote rows to (many-to-many tables included)."""
    by_table = {model._meta.db_table: model for model in django_apps.get_models()}
    for model in django_apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            by_table[through._meta.db_table] = through
    assert set(builder.rows) <= set(by_table), set(builder.rows) - set(by_table)
    return [by_table[table] for table in sorted(builder.rows) if builder.rows[table]]


def test_a_sample_of_every_model_passes_full_clean(generated):
    models = generated_models(generated)
    # The work-package apps generate too, not only the clusters app.
    expected = [Service, ServiceDelivery, Activity, Participation, Attendance, SkillRating]
    expected += [Strategy, StrategyVersion, Goal, Ris3Priority, DisseminationActivity]
    expected += [ActivityCountry, PolicyDialogue, CollaborationPost, Indicator, Snapshot]
    assert set(expected) <= set(models), set(expected) - set(models)
    for model in [*models, get_user_model()]:
        rows = sample(model.objects.all())
        assert rows, f"no {model.__name__} generated"
        for row in rows:
            row.full_clean()
    for address in sample(EmailAddress.objects.all()):
        address.full_clean()
        assert address.verified and address.primary


def test_every_delivery_follows_the_delivery_rules(generated):
    deliveries = ServiceDelivery.objects.select_related("service__cluster__project", "member")
    assert deliveries.count() == SMALL.deliveries
    for delivery in deliveries:
        item = DeliveryItem(member=delivery.member, delivered_on=delivery.delivered_on)
        service = delivery.service
        assert delivery_problems(service, item, service.cluster.project) == [], delivery
        if service.status in NEW_OR_IMPROVED:  # improved ones too, though the form allows it
            assert delivery.delivered_on >= service.status_since
        assert delivery.delivered_on >= delivery.member.joined_on
        assert delivery.delivered_on < clusters_dataset.ANCHOR
    statuses = set(Service.objects.values_list("status", flat=True))
    assert statuses == {"existing", "improved", "new"}
    assert Service.objects.filter(status="existing", status_since__isnull=False).count() == 0


def test_activities_strategies_and_kpis_look_like_a_project(generated):
    statuses = set(Activity.objects.values_list("status", flat=True))
    assert {ActivityStatus.HELD, ActivityStatus.PLANNED} <= statuses
    held = Activity.objects.filter(status=ActivityStatus.HELD)
    assert Attendance.objects.filter(participation__activity__in=held).exists()
    assert not Attendance.objects.exclude(participation__activity__in=held).exists()
    for attendance in Attendance.objects.select_related("participation__activity"):
        activity = attendance.participation.activity
        assert activity.start_date <= attendance.day <= activity.end_date
    assert Strategy.objects.count() == SMALL.clusters * SMALL.strategies_per_cluster
    adopted = StrategyVersion.objects.filter(status=VersionStatus.ADOPTED)
    assert 0 < adopted.count() <= Strategy.objects.count()
    for goal in sample(Goal.objects.all(), 30):
        stored = goal.tags
        goal.clean()
        assert goal.tags == stored and stored
    assert DisseminationActivity.objects.count() == SMALL.dissemination_items
    assert DisseminationActivity.objects.public().exists()
    run = RollupRun.objects.get()
    assert run.status == RollupRun.Status.DONE and not run.error
    assert Snapshot.objects.filter(taken_on=clusters_dataset.ANCHOR).count() == (
        Indicator.objects.count()
    )


def test_organisation_key_is_filled_as_the_model_derives_it(generated):
    for member in sample(Member.objects.all(), 40):
        stored = member.organisation_key
        member.clean()
        assert member.organisation_key == stored


def test_the_counts_follow_the_size(generated):
    assert Cluster.objects.count() == SMALL.clusters
    # Drawing the same shared company twice for one cluster skips it: at most a few fewer.
    members = Member.objects.count()
    assert SMALL.clusters * SMALL.members_per_cluster * 0.9 <= members
    assert members <= SMALL.clusters * SMALL.members_per_cluster
    assert generated.rows["clusters_member"] == members
    assert get_user_model().objects.count() == 1 + 2 * SMALL.clusters


def test_some_companies_are_members_of_two_clusters(generated):
    keys = Member.objects.values_list("organisation_key", flat=True)
    assert len(keys) > len(set(keys)), "no company shared between clusters"
    # ... never twice in the same cluster (the database constraint holds it too).
    pairs = Member.objects.values_list("cluster_id", "organisation_key")
    assert len(pairs) == len(set(pairs))


def test_same_seed_same_rows_and_another_seed_other_rows():
    first = generated_snapshot(SMALL, seed=3)
    again = generated_snapshot(SMALL, seed=3)
    other = generated_snapshot(SMALL, seed=4)
    assert first["members"], "nothing generated"
    assert first == again
    assert first["members"] != other["members"]


def test_each_member_belongs_to_an_existing_cluster_of_the_project(generated):
    project = Project.objects.get(acronym=clusters_dataset.PROJECT_ACRONYM)
    cluster_ids = set(project.clusters.values_list("pk", flat=True))
    assert set(Member.objects.values_list("cluster_id", flat=True)) <= cluster_ids
    assert project.coordinator_cluster_id in cluster_ids


def test_each_manager_sees_and_changes_exactly_their_cluster(generated):
    managers = generated.facts["managers"]
    assert len(managers) == SMALL.clusters
    User = get_user_model()
    for cluster_id, user_id in managers.items():
        manager = User.objects.get(pk=user_id)
        assert list(access.visible_clusters(manager).values_list("pk", flat=True)) == [cluster_id]
        assert list(access.editable_clusters(manager).values_list("pk", flat=True)) == [cluster_id]
        own = access.scope(Member.objects.all(), manager)
        assert set(own.values_list("cluster_id", flat=True)) == {cluster_id}
    viewer = User.objects.get(pk=generated.facts["viewers"][next(iter(managers))])
    assert not access.editable_clusters(viewer).exists()
    coordinator = User.objects.get(pk=generated.facts["coordinator_id"])
    assert access.visible_clusters(coordinator).count() == SMALL.clusters


def test_the_generated_people_sign_in_with_the_known_password(generated, client):
    manager = get_user_model().objects.get(pk=next(iter(generated.facts["managers"].values())))
    assert manager.check_password(clusters_dataset.BENCH_PASSWORD)
    response = client.post(
        "/accounts/login/",
        {"login": manager.email, "password": clusters_dataset.BENCH_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/members/").status_code == 200


def test_copy_rows_keeps_awkward_text_and_tells_empty_from_null(project):
    builder = Builder(size=SMALL, seed=1)
    awkward = 'Quote " comma, newline\nand back\\slash'
    (sector_id,) = builder.copy_rows(Sector, ["name", "slug"], [(awkward, "awkward")])
    assert Sector.objects.get(pk=sector_id).name == awkward
    (label_id,) = builder.copy_rows(
        LabelAward,
        ["cluster_id", "level", "awarded_on", "valid_until", "note"],
        [
            (
                Cluster.objects.create(
                    project=project, acronym="X", slug="x", legal_name="X", country="IT"
                ).pk,
                "bronze",
                clusters_dataset.ANCHOR,
                LabelAward.default_valid_until(clusters_dataset.ANCHOR),
                "",
            )
        ],
    )
    assert LabelAward.objects.get(pk=label_id).note == ""  # "" is not NULL
    assert builder.rows == {"clusters_sector": 1, "clusters_labelaward": 1}


def test_csv_values_in_postgresql_copy_format():
    assert _csv_value(None) == ""
    assert _csv_value("") == '""'
    assert _csv_value('say "hi"') == '"say ""hi"""'
    assert _csv_value(True) == "t"
    assert _csv_value(clusters_dataset.ANCHOR) == "2026-01-01"


def test_size_presets_grow_from_the_demo_data():
    demo, ten, hundred = SIZES["demo"], SIZES["10x"], SIZES["100x"]
    assert (ten.clusters, hundred.clusters) == (10 * demo.clusters, 100 * demo.clusters)
    assert ten.members_per_cluster == demo.members_per_cluster
    programme = SIZES["programme"]
    assert programme.clusters * programme.members_per_cluster == 100_000
    assert (programme.deliveries, programme.answers) == (500_000, 1_000_000)
    custom = size_named("programme", clusters=3, members_per_cluster=None)
    assert custom.clusters == 3 and custom.name == "programme[clusters=3]"
    assert dataclasses.asdict(custom)["members_per_cluster"] == 100
    with pytest.raises(KeyError):
        size_named("huge")


def test_command_refuses_a_database_with_other_data_and_skips_a_loaded_dataset():
    UserFactory(email="someone@portal.example")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("generate_dataset", "--size", "demo")
    assert not Cluster.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_command_generates_then_skips_the_same_size_and_seed(capsys):
    call_command("generate_dataset", "--size", "demo", "--clusters", "2")
    loaded = LoadedDataset.objects.get()
    assert loaded.size == "demo[clusters=2]"
    assert loaded.rows["clusters_cluster"] == 2
    first_ids = list(Member.objects.values_list("pk", flat=True))
    call_command("generate_dataset", "--size", "demo", "--clusters", "2")
    assert "already loaded" in capsys.readouterr().out
    assert list(Member.objects.values_list("pk", flat=True)) == first_ids
    call_command("generate_dataset", "--size", "demo", "--clusters", "3", "--replace")
    assert Cluster.objects.count() == 3
    assert LoadedDataset.objects.get().size == "demo[clusters=3]"
    if connection.vendor == "postgresql":
        # The ids came from the tables' sequences: the ORM can insert after a COPY.
        Sector.objects.create(name="After the copy", slug="after")


def _task_context(builder) -> dict:
    cluster = builder.facts["clusters"][0]
    return {"cluster_id": cluster.id, "manager_id": builder.facts["managers"][cluster.id]}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the floors are PostgreSQL SQL")
def test_bulk_delivery_task_records_every_member_then_rolls_back(generated):
    before = ServiceDelivery.objects.count(), Member.objects.count()
    result = bench_tasks.bulk_delivery(_task_context(generated), members=30)
    assert result["created"] == 30
    assert result["seconds"] > 0 and result["floor_seconds"] > 0
    assert (ServiceDelivery.objects.count(), Member.objects.count()) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the floors are PostgreSQL SQL")
@pytest.mark.django_db(transaction=True)  # the rollup is queued on commit, as in bench_run
def test_kpi_rollup_task_runs_a_rollup_and_its_floor(eager_tasks):
    builder = generate(SMALL, seed=7)
    result = bench_tasks.kpi_rollup(_task_context(builder))
    assert "error" not in result or not result["error"], result
    assert result["indicators"] == Indicator.objects.count()
    assert result["floor_seconds"] > 0
    assert RollupRun.objects.filter(status=RollupRun.Status.DONE).count() == 2
