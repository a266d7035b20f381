"""The deliverables register: the project's deliverables, led by a cluster.

The register is the consortium's: everyone in the project reads it (another cluster's
manager too); the coordinator manages it; the lead cluster's people work on their own
(attach a file, move it along)."""

from django.core.files.base import ContentFile

from tests.factories import DeliverableFactory
from tests.permissions import (
    API_ANONYMOUS,
    DONE,
    api,
    api_list,
    change_a,
    coordinators,
    page,
    signed_in,
    with_,
)


def setup(world):
    deliverable = DeliverableFactory(lead_cluster=world.cluster_a, number="D9.99")
    deliverable.file.save("d9-99.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
    deliverable.original_name = "d9-99.pdf"
    deliverable.save()
    world.objects["deliverable"] = deliverable


def deliverable(world):
    return {"pk": world.objects["deliverable"].pk}


# The lead cluster's work: its manager (and the coordinator); another cluster's manager
# reads the deliverable, so he is refused (403), not "not found".
LEAD = with_(change_a(), manager_b=403)

URLS = {
    "deliverables:list": page(get=signed_in()),
    "deliverables:create": page(get=coordinators(), post=coordinators(DONE)),
    "deliverables:detail": page(deliverable, get=signed_in()),
    "deliverables:update": page(deliverable, get=coordinators(), post=coordinators(DONE)),
    "deliverables:transition": page(deliverable, post=LEAD),
    "deliverables:attach": page(deliverable, post=LEAD),
    "deliverables:download": page(deliverable, get=signed_in()),
    # API
    "deliverable-list": api(get=api_list(), post=coordinators(DONE, anonymous=API_ANONYMOUS)),
    "deliverable-detail": api(
        deliverable,
        get=api_list(),
        put=coordinators(DONE, anonymous=API_ANONYMOUS),
        patch=coordinators(DONE, anonymous=API_ANONYMOUS),
    ),
    "deliverable-history": api(deliverable, get=api_list()),
    "deliverable-transition": api(
        deliverable, post=with_(change_a(anonymous=API_ANONYMOUS), manager_b=403)
    ),
}
