"""The services app's datasets in the exports registry (tracekei.exports)."""

from django.utils.translation import gettext_lazy as _

from tracekei import access
from tracekei.exports import CHUNK_SIZE

from .models import Service, ServiceDelivery


def service_rows(user):
    services = (
        access.scope(Service.objects.all(), user)
        .select_related("cluster", "category")
        .order_by("cluster__acronym", "name", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "cluster", "name", "category", "fee_model", "price_min", "price_max", "currency",
        "status", "status_since", "delivery_channel",
    ]  # fmt: skip
    rows = (
        [
            s.cluster.acronym,
            s.name,
            s.category.name if s.category_id else "",
            s.fee_model,
            s.price_min,
            s.price_max,
            s.currency,
            s.status,
            s.status_since,
            s.delivery_channel,
        ]
        for s in services
    )
    return header, rows


def delivery_rows(user):
    deliveries = (
        access.scope(ServiceDelivery.objects.all(), user, cluster_field="service__cluster")
        .select_related("service__cluster", "member")
        .order_by("service__cluster__acronym", "delivered_on", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = ["cluster", "service", "member", "delivered_on", "hours", "outcome"]
    rows = (
        [
            d.service.cluster.acronym,
            d.service.name,
            d.member.name,
            d.delivered_on,
            d.hours,
            d.outcome,
        ]
        for d in deliveries
    )
    return header, rows


def register(registry) -> None:
    registry.add("services", _("Services"), service_rows, app="services")
    registry.add("deliveries", _("Service deliveries"), delivery_rows, app="services")
