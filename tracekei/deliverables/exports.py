"""The deliverables register in the exports registry (tracekei.exports)."""

from django.utils.translation import gettext_lazy as _

from tracekei.exports import CHUNK_SIZE

from . import selectors


def deliverable_rows(user):
    deliverables = (
        selectors.deliverable_list(user=user)
        .order_by("project__acronym", "due_date", "number", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "project", "number", "title", "work_package", "lead_cluster", "due_date", "status",
        "submitted_on", "overdue", "late_justification",
    ]  # fmt: skip
    rows = (
        [
            d.project.acronym,
            d.number,
            d.title,
            d.work_package,
            d.lead_cluster.acronym,
            d.due_date,
            d.status,
            d.submitted_on,
            d.is_overdue(),
            d.late_justification,
        ]
        for d in deliverables
    )
    return header, rows


def register(registry) -> None:
    registry.add("deliverables", _("Deliverables"), deliverable_rows, app="deliverables")
