"""Demo deliverables of TRACE-KEI (16 Nov 2016 - 15 Nov 2018): the register of a
two-year COSME Cluster Excellence project, per work package. Most are approved; D4.3 is
overdue with nothing submitted; D2.2 was submitted late, with its justification."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from clusters.models import Cluster

from .models import Deliverable, Status, StatusChange

D = dt.date
# number, title, work package, lead cluster, due, status, submitted on, justification
DELIVERABLES = [
    ("D0.1", "Project management handbook and quality plan", "wp0", "dare", D(2017, 1, 31), "approved", D(2017, 1, 30), ""),
    ("D0.2", "Interim technical report", "wp0", "dare", D(2017, 12, 31), "approved", D(2017, 12, 20), ""),
    ("D0.3", "Final technical and financial report", "wp0", "dare", D(2019, 1, 15), "submitted", D(2019, 1, 14), ""),
    ("D1.1", "Baseline assessment and mapping of the clusters' services", "wp1", "innoskart", D(2017, 3, 31), "approved", D(2017, 3, 29), ""),
    ("D1.2", "SME satisfaction survey report (15 companies per cluster)", "wp1", "bioma", D(2017, 5, 31), "approved", D(2017, 5, 30), ""),
    ("D1.3", "Six-service portfolio based on gold-label practice", "wp1", "innoskart", D(2017, 9, 30), "approved", D(2017, 9, 28), ""),
    ("D2.1", "Seven cluster strategies (vision, mission, goals, services, sustainability, indicators)", "wp2", "mapar", D(2018, 3, 31), "approved", D(2018, 3, 30), ""),
    ("D2.2", "Joint strategy of the seven clusters", "wp2", "dare", D(2018, 9, 30), "approved", D(2018, 10, 19),
     "The seventh strategy was adopted by its board only on 10 October 2018; the joint strategy matches all seven, so it waited for it."),
    ("D3.1", "Joint training 1, Bari: value-chain and industry analysis", "wp3", "dare", D(2017, 6, 30), "approved", D(2017, 6, 28), ""),
    ("D3.2", "Joint training 2, Budapest: business planning and cluster branding", "wp3", "innoskart", D(2017, 11, 30), "approved", D(2017, 11, 29), ""),
    ("D3.3", "Study visit report: Femac, a Spanish gold-label cluster", "wp3", "agroco", D(2018, 4, 30), "approved", D(2018, 4, 27), ""),
    ("D3.4", "Mentoring programme and twinning report", "wp3", "green-synergy", D(2018, 8, 31), "submitted", D(2018, 8, 30), ""),
    ("D4.1", "Dissemination plan and visual identity", "wp4", "cluee", D(2017, 2, 28), "approved", D(2017, 2, 27), ""),
    ("D4.2", "Project website and newsletters", "wp4", "cluee", D(2017, 4, 30), "approved", D(2017, 4, 28), ""),
    ("D4.3", "Policy dialogue report: recommendations to regional policy makers", "wp4", "green-synergy", D(2018, 10, 31), "pending", None, ""),
]  # fmt: skip


def load(*, project, clusters, users, managers) -> int:
    coordinator = users.get("coordinator")
    fallback = project.coordinator_cluster or Cluster.objects.filter(project=project).first()
    if fallback is None:
        return 0
    created = 0
    for number, title, wp, lead, due, status, submitted_on, why in DELIVERABLES:
        if Deliverable.objects.filter(project=project, number=number).exists():
            continue
        lead_cluster = clusters.get(lead) or fallback
        deliverable = Deliverable(
            project=project,
            number=number,
            title=title,
            work_package=wp,
            lead_cluster=lead_cluster,
            due_date=due,
            status=status,
            submitted_on=submitted_on,
            late_justification=why,
        )
        if submitted_on:  # what was sent to the EU: a one-page stand-in PDF
            deliverable.original_name = f"TRACE-KEI {number}.pdf"
            content = _pdf(f"TRACE-KEI {number} {title}")
            deliverable.file_size = len(content)
            deliverable.file.save(deliverable.original_name, ContentFile(content), save=False)
        deliverable.full_clean()
        deliverable.save()
        created += 1
        lead_manager = managers.get(lead) or coordinator
        created += _history(deliverable, coordinator, lead_manager)
    return created


def _pdf(text: str) -> bytes:
    """A minimal one-page PDF showing ``text`` (ASCII), written by hand: no renderer needed."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")[:90]
    stream = f"BT /F1 14 Tf 60 780 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _history(deliverable: Deliverable, coordinator, lead_manager) -> int:
    """The moves that led to the demo status, dated along the project."""
    due, submitted_on = deliverable.due_date, deliverable.submitted_on
    steps = [("", Status.PENDING, coordinator, due - dt.timedelta(days=120), "")]
    if submitted_on:
        steps.append(
            (Status.PENDING, Status.DRAFT, lead_manager, submitted_on - dt.timedelta(days=20), "")
        )
        steps.append(
            (
                Status.DRAFT,
                Status.SUBMITTED,
                lead_manager,
                submitted_on,
                deliverable.late_justification,
            )
        )
    if deliverable.status == Status.APPROVED:
        steps.append(
            (
                Status.SUBMITTED,
                Status.APPROVED,
                coordinator,
                submitted_on + dt.timedelta(days=45),
                "Approved by the EASME project officer.",
            )
        )
    for from_status, to_status, user, day, comment in steps:
        StatusChange.objects.create(
            deliverable=deliverable,
            from_status=from_status,
            to_status=to_status,
            changed_by=user,
            changed_at=_at(day),
            comment=comment,
        )
    return len(steps)
