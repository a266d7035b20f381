"""The audit trail: the coordinator's (and the admin's) alone; everyone else is told
it does not exist (404), as for another cluster's object."""

from tests.permissions import coordinators, page


def member(world):
    return {"model": "clusters.member", "pk": world.cluster_a.members.order_by("pk").first().pk}


URLS = {
    "audit:list": page(get=coordinators(refused=404)),
    "audit:object": page(member, get=coordinators(refused=404)),
}
