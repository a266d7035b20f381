"""The clusters app's datasets in the exports registry (tracekei.exports)."""

from django.utils.translation import gettext_lazy as _

from tracekei import access
from tracekei.exports import CHUNK_SIZE

from . import member_io
from .models import Member


def cluster_rows(user):
    clusters = (
        access.visible_clusters(user)
        .select_related("project")
        .prefetch_related("sectors")
        .order_by("project__acronym", "acronym", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "project", "acronym", "legal_name", "country", "region", "sectors", "website",
        "founded_year", "staff_count", "management_staff_fte",
    ]  # fmt: skip
    rows = (
        [
            c.project.acronym,
            c.acronym,
            c.legal_name,
            c.country.code,
            c.region,
            ";".join(s.slug for s in c.sectors.all()),
            c.website,
            c.founded_year,
            c.staff_count,
            c.management_staff_fte,
        ]
        for c in clusters
    )
    return header, rows


def member_rows(user):
    """The same columns as the members page's export, which imports back."""
    # member_export_rows streams the queryset itself (plain values, sectors per chunk).
    members = access.scope(Member.objects.all(), user).order_by("cluster__acronym", "name", "pk")
    return member_io.EXPORT_COLUMNS, member_io.member_export_rows(members)


def register(registry) -> None:
    registry.add("clusters", _("Clusters"), cluster_rows, app="clusters")
    registry.add("members", _("Members"), member_rows, app="clusters")
