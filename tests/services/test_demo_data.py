"""The services demo data: a portfolio per cluster, the KPI near but not at its target,
the shared member served in two clusters counting once, and loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from clusters.models import Cluster, Member, Project
from services.models import (
    ReferenceService,
    Service,
    ServiceChange,
    ServiceDelivery,
    ServiceMapping,
)
from tracekei.kpi.registry import Period, calculators


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Member, Service, ServiceChange, ServiceDelivery, ServiceMapping)
    }


@pytest.mark.django_db
def test_services_demo_data():
    call_command("load_demo_data", stdout=io.StringIO())
    first = counts()
    call_command("load_demo_data", stdout=io.StringIO())
    assert counts() == first

    for cluster in Cluster.objects.all():
        services = cluster.services.all()
        assert 5 <= services.count() <= 8
        assert services.filter(status__in=["new", "improved"]).exists()
        assert services.filter(fee_model__in=["fee_based", "mixed"]).exists()
    assert ReferenceService.objects.count() == 6

    period = Period.of_project(Project.objects.get(acronym="TRACE-KEI"))
    figures = calculators()["smes_benefitting"](period)
    assert 250 <= figures.total < 284
    # The shared company is reached in both its clusters and counted once.
    shared = ServiceDelivery.objects.filter(member__vat_number="RO99887766")
    assert shared.values("service__cluster").distinct().count() == 2
    assert sum(figures.by_cluster.values()) == figures.total + 1
    # A member that left keeps its deliveries.
    assert ServiceDelivery.objects.filter(member__left_on__isnull=False).exists()
