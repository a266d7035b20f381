"""The strategy workflow: drafts, versions copying the previous content, adoption that
needs the six headings and freezes the version, consultations through personal links."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from strategy import services
from strategy.models import (
    Feedback,
    Goal,
    Handling,
    Indicator,
    JointStatus,
    RevenuePlanLine,
    Ris3Priority,
    StrategyVersion,
    VersionStatus,
)
from tests.factories import FULL_HEADINGS, make_strategy

pytestmark = pytest.mark.django_db
ADOPTED_ON = dt.date(2017, 6, 1)


def adopt(version, actor, on=ADOPTED_ON):
    return services.version_adopt(
        actor=actor, version=version, adopted_on=on, adopted_by_body="General assembly"
    )


def test_adopting_needs_the_six_headings(manager_a, cluster_a):
    strategy = make_strategy(cluster_a, actor=manager_a, vision="A vision", mission="A mission")
    version = strategy.versions.get()
    with pytest.raises(ValidationError) as error:
        adopt(version, manager_a)
    message = " ".join(error.value.messages)
    for heading in ("Goals", "Services", "Financial sustainability", "Indicators"):
        assert heading in message
    assert "Vision" not in message
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_a_heading_with_a_list_counts_as_filled(manager_a, cluster_a):
    headings = {**FULL_HEADINGS, "goals_text": "", "indicators_text": ""}
    strategy = make_strategy(cluster_a, actor=manager_a, **headings)
    version = strategy.versions.get()
    services.goal_save(
        actor=manager_a,
        version=version,
        objective="Export",
        measurable_target="10",
        horizon_year=2020,
    )
    with pytest.raises(ValidationError, match="Indicators"):
        adopt(version, manager_a)
    services.indicator_save(actor=manager_a, strategy=strategy, name="Members exporting")
    assert adopt(version, manager_a).status == VersionStatus.ADOPTED


def test_adoption_needs_date_and_body(manager_a, cluster_a):
    version = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS).versions.get()
    with pytest.raises(ValidationError) as error:
        services.version_adopt(
            actor=manager_a, version=version, adopted_on=None, adopted_by_body=" "
        )
    assert set(error.value.message_dict) == {"adopted_on", "adopted_by_body"}


def test_adopted_version_is_immutable(manager_a, cluster_a):
    version = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS).versions.get()
    adopt(version, manager_a)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.version_update(actor=manager_a, version=version, vision="Changed")
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.goal_save(
            actor=manager_a,
            version=version,
            objective="x",
            measurable_target="y",
            horizon_year=2020,
        )
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.revenue_line_add(
            actor=manager_a, version=version, source="Fees", year=2018, amount=Decimal(1)
        )
    # The model itself refuses, whatever path a write takes.
    stored = StrategyVersion.objects.get(pk=version.pk)
    stored.vision = "Changed in place"
    with pytest.raises(ValidationError):
        stored.save()
    stored = StrategyVersion.objects.get(pk=version.pk)
    stored.status = VersionStatus.DRAFT
    with pytest.raises(ValidationError):
        stored.save()
    assert StrategyVersion.objects.get(pk=version.pk).vision == FULL_HEADINGS["vision"]
    # Nor can its parts be added or removed behind the services' back.
    with pytest.raises(ValidationError):
        Goal(version=version, objective="x", measurable_target="y", horizon_year=2020).save()
    with pytest.raises(ValidationError):
        RevenuePlanLine(version=version, source="Fees", year=2018, amount=1).save()


def test_new_version_copies_the_previous_content(manager_a, cluster_a, project):
    strategy = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)
    first = strategy.versions.get()
    priority = Ris3Priority.objects.create(project=project, region="Puglia", domain="Agro-food")
    services.goal_save(
        actor=manager_a,
        version=first,
        objective="Export to three new markets",
        measurable_target="3 markets",
        horizon_year=2020,
        tags="Internationalisation, Export",
        ris3_priorities=[priority],
    )
    services.revenue_line_add(
        actor=manager_a, version=first, source="Fees", year=2018, amount=Decimal("1000")
    )
    with pytest.raises(ValidationError, match="still a draft"):
        services.version_create_next(actor=manager_a, strategy=strategy)
    adopt(first, manager_a)

    second = services.version_create_next(actor=manager_a, strategy=strategy)
    assert second.number == 2
    assert second.status == VersionStatus.DRAFT
    assert second.vision == FULL_HEADINGS["vision"]
    goal = second.goals.get()
    assert goal.tags == "internationalisation, export"
    assert list(goal.ris3_priorities.all()) == [priority]
    assert second.revenue_lines.get().amount == Decimal("1000")
    # The copies are new rows: the adopted version keeps its own.
    assert first.goals.get().pk != goal.pk
    services.version_update(actor=manager_a, version=second, vision="Sharper vision")
    first.refresh_from_db()
    assert first.vision == FULL_HEADINGS["vision"]


def test_adopting_a_new_version_supersedes_the_previous(manager_a, cluster_a):
    strategy = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)
    first = strategy.versions.get()
    adopt(first, manager_a)
    second = services.version_create_next(actor=manager_a, strategy=strategy)
    adopt(second, manager_a, on=dt.date(2018, 3, 1))
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.adopted_on == ADOPTED_ON  # kept
    assert strategy.versions.filter(status=VersionStatus.ADOPTED).get() == second


def test_one_adopted_version_per_strategy_is_a_database_rule(manager_a, cluster_a):
    strategy = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)
    adopt(strategy.versions.get(), manager_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyVersion.objects.create(
            strategy=strategy,
            number=2,
            status=VersionStatus.ADOPTED,
            adopted_on=ADOPTED_ON,
            adopted_by_body="Board",
        )


def test_revenue_plan_refuses_negative_amounts(manager_a, cluster_a):
    version = make_strategy(cluster_a, actor=manager_a).versions.get()
    with pytest.raises(ValidationError) as error:
        services.revenue_line_add(
            actor=manager_a, version=version, source="Fees", year=2018, amount=Decimal("-5")
        )
    assert "amount" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        RevenuePlanLine.objects.create(version=version, source="Fees", year=2018, amount=-1)


def test_indicator_target_needs_unit_and_year(manager_a, cluster_a):
    strategy = make_strategy(cluster_a, actor=manager_a)
    with pytest.raises(ValidationError) as error:
        services.indicator_save(actor=manager_a, strategy=strategy, name="Exporters", target=20)
    assert set(error.value.message_dict) == {"unit", "target_year"}
    assert not Indicator.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(strategy=strategy, name="Exporters", target=20)
    indicator = services.indicator_save(
        actor=manager_a,
        strategy=strategy,
        name="Exporters",
        target=20,
        unit="members",
        target_year=2020,
    )
    services.indicator_value_record(
        actor=manager_a, indicator=indicator, measured_on=dt.date(2018, 1, 1), value=8
    )
    assert indicator.values.get().value == 8


def test_another_clusters_manager_and_a_viewer_cannot_write(manager_b, viewer_a, cluster_a):
    strategy = make_strategy(cluster_a)
    version = strategy.versions.get()
    for actor in (manager_b, viewer_a):
        with pytest.raises(PermissionDenied):
            services.version_update(actor=actor, version=version, vision="Mine now")
        with pytest.raises(PermissionDenied):
            services.version_create_next(actor=actor, strategy=strategy)


def test_consultation_links_feedback_and_handling(manager_a, cluster_a, member_a, member_b):
    version = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS).versions.get()
    with pytest.raises(ValidationError, match="own members"):
        services.consultation_open(
            actor=manager_a,
            version=version,
            respondents=[{"name": "Beta", "role": "member", "member": member_b}],
        )
    consultation, links = services.consultation_open(
        actor=manager_a,
        version=version,
        respondents=[
            {"name": member_a.name, "role": "member", "member": member_a},
            {"name": "Regional Agency", "role": "policy_maker"},
        ],
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.CONSULTATION
    (link, token), (_other, other_token) = links
    assert len(token) >= 22  # at least 128 bits, url-safe base64
    assert token != other_token
    assert link.token_hash == services.hash_token(token)
    assert token not in link.token_hash
    assert services.consultation_link_for_token(token) == link
    assert services.consultation_link_for_token("not-a-token") is None

    feedback = services.feedback_record(
        consultation=consultation, link=link, heading="vision", comment="Mention exports."
    )
    assert feedback.author == member_a.name
    recorded = services.feedback_record(
        consultation=consultation,
        actor=manager_a,
        heading="goals_text",
        comment="From a meeting",
        author="Chamber",
    )
    assert recorded.recorded_by == manager_a
    services.feedback_mark_handled(
        actor=manager_a, feedback=feedback, handling=Handling.ACCEPTED, note="Added."
    )
    assert Feedback.objects.get(pk=feedback.pk).handling == Handling.ACCEPTED

    # Adopting closes the consultation: the links die.
    services.version_adopt(
        actor=manager_a, version=version, adopted_on=ADOPTED_ON, adopted_by_body="Assembly"
    )
    assert services.consultation_link_for_token(token) is None
    with pytest.raises(ValidationError, match="closed"):
        services.feedback_record(
            consultation=consultation, link=link, heading="vision", comment="Late"
        )


def test_closing_a_consultation_kills_its_links(manager_a, cluster_a):
    version = make_strategy(cluster_a, actor=manager_a).versions.get()
    consultation, [(_link, token)] = services.consultation_open(
        actor=manager_a, version=version, respondents=[{"name": "A", "role": "member"}]
    )
    services.consultation_close(actor=manager_a, consultation=consultation)
    assert services.consultation_link_for_token(token) is None
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_joint_goal_from_match(coordinator, manager_a, project, cluster_a, cluster_b):
    joint = services.joint_strategy_get_or_create(actor=coordinator, project=project)
    with pytest.raises(PermissionDenied):
        services.joint_strategy_get_or_create(actor=manager_a, project=project)
    with pytest.raises(ValidationError):
        services.joint_goal_create_from_match(
            actor=coordinator, joint=joint, objective="Alone", clusters=[cluster_a]
        )
    goal = services.joint_goal_create_from_match(
        actor=coordinator,
        joint=joint,
        objective="Joint export desk",
        clusters=[cluster_a, cluster_b],
        tags="Internationalisation",
    )
    assert set(goal.clusters.all()) == {cluster_a, cluster_b}
    assert goal.tags == "internationalisation"
    with pytest.raises(ValidationError, match="Missing"):
        services.joint_strategy_adopt(
            actor=coordinator, joint=joint, adopted_on=ADOPTED_ON, adopted_by_body="Board"
        )
    services.joint_strategy_update(actor=coordinator, joint=joint, **FULL_HEADINGS)
    joint = services.joint_strategy_adopt(
        actor=coordinator, joint=joint, adopted_on=ADOPTED_ON, adopted_by_body="Board"
    )
    assert joint.status == JointStatus.ADOPTED
    with pytest.raises(ValidationError):
        services.joint_strategy_update(actor=coordinator, joint=joint, vision="x")


def test_goal_tags_are_normalised(manager_a, cluster_a):
    version = make_strategy(cluster_a, actor=manager_a).versions.get()
    goal = services.goal_save(
        actor=manager_a,
        version=version,
        objective="Go digital",
        measurable_target="10 firms",
        horizon_year=2020,
        tags=" Digitalisation ;digitalisation,  Agro-Food  ",
    )
    assert Goal.objects.get(pk=goal.pk).tags == "digitalisation, agro-food"
