"""A planned service linked to a service of the cluster's own catalogue: another
cluster's service is refused (a field error in the services, 404 through the pages), the
page links to it, the matching reads the catalogue's category."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from strategy import selectors, services
from strategy.matching import match_strategies
from strategy.models import PlannedService
from tests.factories import FULL_HEADINGS, ServiceFactory, make_strategy, service_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy_a(cluster_a, manager_a):
    return make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)


def test_a_catalogue_service_gives_its_name_and_category(manager_a, cluster_a, strategy_a):
    desk = ServiceFactory(
        cluster=cluster_a, name="Export desk", category=service_category("internationalisation")
    )
    planned = services.planned_service_add(
        actor=manager_a, version=strategy_a.versions.get(), service=desk, kind="improved"
    )
    planned.refresh_from_db()
    assert planned.service == desk
    assert planned.name == "Export desk"
    assert planned.category == desk.category.name


def test_another_clusters_service_is_a_field_error(manager_a, cluster_b, strategy_a):
    foreign = ServiceFactory(cluster=cluster_b, name="Beta desk")
    with pytest.raises(ValidationError) as error:
        services.planned_service_add(
            actor=manager_a,
            version=strategy_a.versions.get(),
            service=foreign,
            name="Desk",
            category="x",
            kind="improved",
        )
    assert "service" in error.value.message_dict
    assert not PlannedService.objects.exists()


def test_the_editor_offers_the_clusters_services_and_refuses_anothers(
    client_for, manager_a, cluster_a, cluster_b, strategy_a
):
    own = ServiceFactory(cluster=cluster_a, name="Alpha coaching", status="improved")
    foreign = ServiceFactory(cluster=cluster_b, name="Beta coaching")
    client = client_for(manager_a)
    edit = reverse("strategy:version_edit", args=[strategy_a.pk, 1])
    page = client.get(edit).content.decode()
    assert "Alpha coaching" in page
    assert "Beta coaching" not in page
    add = reverse("strategy:version_item_add", args=[strategy_a.pk, 1, "service"])
    response = client.post(add, {"service-service": foreign.pk, "service-kind": "improved"})
    assert response.status_code == 404
    assert not PlannedService.objects.exists()
    # neither a catalogue service nor a name: field errors, nothing saved
    response = client.post(add, {"service-kind": "new"})
    assert response.status_code == 400
    assert set(response.context["service_form"].errors) == {"name", "category"}
    assert not PlannedService.objects.exists()
    response = client.post(add, {"service-service": own.pk, "service-kind": "improved"})
    assert response.status_code == 302
    detail = client.get(reverse("strategy:detail", args=[strategy_a.pk])).content.decode()
    assert f'<a href="{own.get_absolute_url()}">Alpha coaching</a>' in detail
    # a new service is still described in text, without a link
    response = client.post(
        add, {"service-name": "Export desk", "service-category": "trade", "service-kind": "new"}
    )
    assert response.status_code == 302
    assert PlannedService.objects.get(name="Export desk").service is None


def test_matching_uses_the_linked_services_category(manager_a, manager_b, cluster_a, cluster_b):
    category = service_category("internationalisation")
    for cluster, manager in ((cluster_a, manager_a), (cluster_b, manager_b)):
        strategy = make_strategy(cluster, actor=manager, **FULL_HEADINGS)
        version = strategy.versions.get()
        if cluster == cluster_a:  # typed a category of its own, but linked the catalogue's
            service = ServiceFactory(cluster=cluster, name="Desk A", category=category)
            services.planned_service_add(
                actor=manager, version=version, service=service, category="export", kind="improved"
            )
        else:
            services.planned_service_add(
                actor=manager, version=version, name="Fairs", category="trade", kind="new"
            )
        services.version_adopt(
            actor=manager, version=version, adopted_on=dt.date(2017, 6, 1), adopted_by_body="GA"
        )
    versions = selectors.adopted_versions(user=manager_a, project=cluster_a.project)
    versions += selectors.adopted_versions(user=manager_b, project=cluster_b.project)
    assert len(versions) == 2
    result = match_strategies(selectors.matching_profiles(versions))
    offered = {s.category: list(s.offered_by) for s in result.services}
    assert offered == {
        category.name: [cluster_a.acronym],
        "trade": [cluster_b.acronym],
    }
