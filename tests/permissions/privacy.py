"""Data protection: the public privacy notice; a member contact's data (the subject
access export) and its erasure, the coordinator's only (the export joins a person to
their anonymous answers and to other clusters' rows; the erasure is irreversible)."""

from tests.permissions import DONE, coordinators, first, page, public, with_

member_a = first(lambda world: world.cluster_a.members)

# A's viewer and manager see the member but not its contact's export: 403; B's manager: 404.
CONTACT_DATA = with_(coordinators(), manager_b=404)

URLS = {
    "privacy:notice": page(get=public(), note="the privacy notice is for everyone"),
    "privacy:member_data": page(member_a, get=CONTACT_DATA),
    "privacy:member_data_json": page(member_a, get=CONTACT_DATA),
    "privacy:member_erase": page(
        member_a,
        get=with_(coordinators(), manager_b=404),
        post=with_(coordinators(DONE), manager_b=404),
        note="the empty body is refused by the form (no reason, not confirmed): nothing erased",
    ),
}
