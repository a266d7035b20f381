"""The services app (WP1): services, deliveries, the mapping survey, excellence checks."""

from services.models import ReferenceService, Service, ServiceCategory, ServiceMapping
from tests.permissions import (
    DONE,
    api,
    api_change,
    api_create,
    api_list,
    api_read,
    change_a,
    coordinators,
    first,
    page,
    read_a,
    signed_in,
)


def slug_a(world):
    return {"slug": world.cluster_a.slug}


service_a = first(lambda w: Service.objects.filter(cluster=w.cluster_a))
reference = first(lambda w: ReferenceService.objects.filter(project=w.project))
category = first(lambda w: ServiceCategory.objects.all())
mapping_a = first(lambda w: ServiceMapping.objects.filter(cluster=w.cluster_a))


def mapping_page(world):
    mapping = ServiceMapping.objects.filter(cluster=world.cluster_a).order_by("pk").first()
    return {"slug": world.cluster_a.slug, "period": mapping.period}


def delivery_a(world):
    from services.models import ServiceDelivery

    return first(lambda w: ServiceDelivery.objects.filter(service__cluster=w.cluster_a))(world)


URLS = {
    "services:list": page(get=signed_in()),
    "services:matrix": page(get=coordinators()),
    "services:reference": page(get=coordinators(), post=coordinators(DONE)),
    "services:reference_edit": page(reference, get=coordinators(), post=coordinators(DONE)),
    "services:reference_delete": page(reference, post=coordinators(DONE)),
    "services:categories": page(get=coordinators(), post=coordinators(DONE)),
    "services:category_edit": page(category, get=coordinators(), post=coordinators(DONE)),
    "services:mappings": page(get=signed_in()),
    "services:mapping_edit": page(mapping_page, get=change_a(200), post=change_a()),
    "services:create": page(slug_a, get=change_a(200), post=change_a()),
    "services:excellence": page(slug_a, get=read_a()),
    "services:excellence_create": page(slug_a, get=change_a(200), post=change_a()),
    "services:detail": page(service_a, get=read_a()),
    "services:update": page(service_a, get=change_a(200), post=change_a()),
    "services:deliver": page(service_a, get=change_a(200), post=change_a()),
    "services:delivery_import": page(service_a, get=change_a(200), post=change_a()),
    "services:assess": page(service_a, get=change_a(200), post=change_a()),
    # API
    "service-list": api(get=api_list(), post=api_create()),
    "service-detail": api(service_a, get=api_read(), put=api_change(), patch=api_change()),
    "service-delivery-list": api(get=api_list(), post=api_create()),
    "service-delivery-detail": api(delivery_a, get=api_read()),
    "service-mapping-list": api(get=api_list(), post=api_create()),
    "service-mapping-detail": api(mapping_a, get=api_read(), put=api_change(), patch=api_change()),
}
