"""The clusters app: clusters, members, imports, labels, invitations."""

from clusters.models import Invitation, MemberImport
from tests.factories import UserFactory
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
    public,
    read_a,
    signed_in,
    with_,
)


def setup(world):
    world.objects["member_import"] = MemberImport.objects.create(
        cluster=world.cluster_a, uploaded_by=world.users["manager_a"], filename="members.csv"
    )
    invited = UserFactory(email="invited@portal.example")
    world.objects["invitation"] = Invitation.objects.create(
        email=invited.email, cluster=world.cluster_a, user=invited, role="manager"
    )


def slug_a(world):
    return {"slug": world.cluster_a.slug}


def member_import(world):
    return {"slug": world.cluster_a.slug, "pk": world.objects["member_import"].pk}


def member_a(world):
    return first(lambda w: w.cluster_a.members.all())(world)


def bad_invitation_link(world):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world.objects["invitation"].user
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": "not-the-token"}


URLS = {
    "clusters:list": page(get=signed_in()),
    "clusters:detail": page(slug_a, get=read_a()),
    "clusters:member_create": page(slug_a, get=change_a(200), post=change_a()),
    "clusters:member_import": page(slug_a, get=change_a(200), post=change_a()),
    "clusters:member_import_preview": page(member_import, get=change_a(200)),
    "clusters:member_import_apply": page(member_import, post=change_a()),
    "clusters:label_create": page(slug_a, get=change_a(200), post=change_a()),
    "clusters:invitation_create": page(
        slug_a,
        get=with_(coordinators(), manager_b=404),
        post=with_(coordinators(DONE), manager_b=404),
        note="inviting people is the coordinator's act; another cluster's manager: 404",
    ),
    "clusters:member_list": page(get=signed_in()),
    "clusters:member_detail": page(member_a, get=read_a()),
    "clusters:member_update": page(member_a, get=change_a(200), post=change_a()),
    "clusters:invitation_accept": page(
        bad_invitation_link, get=public(400), note="open (the e-mail's link); a bad token: 400"
    ),
    # API
    "cluster-list": api(get=api_list()),
    "cluster-detail": api(slug_a, get=api_read()),
    "member-list": api(get=api_list(), post=api_create()),
    "member-detail": api(member_a, get=api_read(), put=api_change(), patch=api_change()),
}
