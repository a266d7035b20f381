"""Reads of the services app, every one scoped through tracekei.access. The lists and the
consortium matrix run a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Member, Project, active_members_q
from tracekei import access

from .models import (
    PAID_FEE_MODELS,
    ExcellenceCheck,
    ReferenceService,
    Service,
    ServiceAssessment,
    ServiceCategory,
    ServiceDelivery,
    ServiceMapping,
)


def service_list(*, user) -> QuerySet[Service]:
    return (
        access.scope(Service.objects.all(), user)
        .select_related("cluster", "category")
        .annotate(
            delivery_count=Count("deliveries"), last_delivered=Max("deliveries__delivered_on")
        )
        .order_by("cluster__acronym", "name", "pk")
    )


def service_get(*, user, pk: int) -> Service:
    return access.get_visible_or_404(
        Service.objects.select_related("cluster__project", "category"), user, pk=pk
    )


def service_deliveries(service: Service) -> QuerySet[ServiceDelivery]:
    return service.deliveries.select_related("member", "recorded_by").order_by(
        "-delivered_on", "member__name", "pk"
    )


def service_history(service: Service):
    return service.changes.select_related("changed_by").order_by("-changed_at", "-pk")


def service_assessments(service: Service) -> QuerySet[ServiceAssessment]:
    return service.assessments.select_related("assessed_by").order_by("-assessed_on", "-pk")


def delivery_list(*, user) -> QuerySet[ServiceDelivery]:
    return (
        access.scope(ServiceDelivery.objects.all(), user, cluster_field="service__cluster")
        .select_related("service__cluster", "service__category", "member")
        .order_by("-delivered_on", "member__name", "pk")
    )


def deliverable_members(service: Service) -> QuerySet[Member]:
    """Every member row of the service's cluster (past members too, for past dates)."""
    return Member.objects.filter(cluster_id=service.cluster_id).order_by("name", "pk")


def active_members(service: Service) -> QuerySet[Member]:
    return deliverable_members(service).filter(active_members_q())


def mapping_list(*, user) -> QuerySet[ServiceMapping]:
    return (
        access.scope(ServiceMapping.objects.all(), user)
        .select_related("cluster")
        .order_by("cluster__acronym", "answered_on", "pk")
    )


def mapping_get(*, user, pk: int) -> ServiceMapping:
    return access.get_visible_or_404(ServiceMapping.objects.select_related("cluster"), user, pk=pk)


def categories_with_counts() -> QuerySet[ServiceCategory]:
    return ServiceCategory.objects.annotate(service_count=Count("services")).order_by(
        "position", "name"
    )


def categories() -> list[ServiceCategory]:
    return list(ServiceCategory.objects.order_by("position", "name"))


# --- Coverage against the reference portfolio, and the consortium matrix -----------------

OFFERED, PARTLY, MISSING = "offered", "partly", "missing"
COVERAGE_LABELS = {OFFERED: _("offered"), PARTLY: _("partly"), MISSING: _("missing")}


def coverage_of(service_count: int, delivered_count: int) -> str:
    """Offered: a service of the category that was delivered; partly: in the catalogue but
    never delivered; missing: no service of the category."""
    if delivered_count:
        return OFFERED
    return PARTLY if service_count else MISSING


@dataclass
class Cell:
    services: int = 0
    delivered_services: int = 0
    paid: int = 0
    deliveries: int = 0

    @property
    def coverage(self) -> str:
        return coverage_of(self.services, self.delivered_services)

    @property
    def coverage_label(self):
        return COVERAGE_LABELS[self.coverage]


@dataclass
class MatrixRow:
    cluster: Cluster
    cells: list[Cell]
    services: int = 0
    paid: int = 0
    deliveries: int = 0
    reference_covered: int = 0

    @property
    def paid_share(self) -> int | None:
        return round(100 * self.paid / self.services) if self.services else None


@dataclass
class Matrix:
    categories: list[ServiceCategory]
    rows: list[MatrixRow]
    reference_category_ids: set[int] = field(default_factory=set)
    totals: list[Cell] = field(default_factory=list)

    page: Page | None = None

    @property
    def total(self) -> MatrixRow:
        """The consortium's row: the sums over every visible cluster (not only the page)."""
        row = MatrixRow(cluster=None, cells=self.totals)
        for cell in self.totals:
            row.services += cell.services
            row.paid += cell.paid
            row.deliveries += cell.deliveries
        return row


def _cells(services: QuerySet[Service], deliveries: QuerySet[ServiceDelivery]):
    """(cluster pk, category pk) -> Cell, in two aggregate queries (neither joins the
    services to their deliveries: the second one counts delivered services itself)."""
    cells: dict[tuple[int, int], Cell] = {}
    for cluster_pk, category_pk, count, paid in (
        services.values_list("cluster", "category")
        .annotate(n=Count("pk"), paid=Count("pk", filter=Q(fee_model__in=PAID_FEE_MODELS)))
        .order_by()
    ):
        cells[(cluster_pk, category_pk)] = Cell(services=count, paid=paid)
    for cluster_pk, category_pk, count, delivered in (
        deliveries.values_list("service__cluster", "service__category")
        .annotate(n=Count("pk"), delivered=Count("service", distinct=True))
        .order_by()
    ):
        cell = cells.setdefault((cluster_pk, category_pk), Cell())
        cell.deliveries = count
        cell.delivered_services = delivered
    return cells


#: The consortium's totals by category cover every delivery (500,000 at programme scale):
#: they are cached, keyed on a version that every delivery or service change bumps (the
#: services, and a signal for deletions from the admin) and on the newest delivery's id.
TOTALS_VERSION_KEY = "services:matrix-totals:version"
TOTALS_TIMEOUT = 600  # seconds: a change made outside the portal is seen at the latest then


def forget_matrix_totals() -> None:
    try:
        cache.incr(TOTALS_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the old keys
        cache.set(TOTALS_VERSION_KEY, 2, timeout=None)


def _category_totals(*, user, clusters: QuerySet[Cluster], scope: str) -> list:
    """[(category pk, services, paid, delivered services, deliveries)] over the given
    clusters, from the cache or from two aggregate queries. Delivered services are counted
    with EXISTS on the services (one index probe each), not a DISTINCT over every delivery.
    """
    version = cache.get_or_set(TOTALS_VERSION_KEY, 1, timeout=None)
    newest = ServiceDelivery.objects.aggregate(newest=Max("pk"))["newest"]
    key = f"services:matrix-totals:{version}:{newest}:{user.pk}:{scope}"
    totals = cache.get(key)
    if totals is not None:
        return totals
    cluster_pks = clusters.values("pk")
    has_delivery = Exists(ServiceDelivery.objects.filter(service=OuterRef("pk")))
    by_category: dict[int, list[int]] = {}
    for category_pk, count, paid, delivered in (
        Service.objects.filter(cluster__in=cluster_pks)
        .values_list("category")
        .annotate(
            n=Count("pk"),
            paid=Count("pk", filter=Q(fee_model__in=PAID_FEE_MODELS)),
            delivered=Count("pk", filter=Q(has_delivery)),
        )
        .order_by()
    ):
        by_category[category_pk] = [category_pk, count, paid, delivered, 0]
    for category_pk, count in (
        ServiceDelivery.objects.filter(service__cluster__in=cluster_pks)
        .values_list("service__category")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_category.setdefault(category_pk, [category_pk, 0, 0, 0, 0])[4] = count
    totals = [tuple(row) for row in by_category.values()]
    cache.set(key, totals, timeout=TOTALS_TIMEOUT)
    return totals


def service_matrix(
    *, user, project: Project | None = None, page_number=None, per_page: int | None = None
) -> Matrix:
    """Clusters x categories: coverage, fee-based services and deliveries.

    With ``per_page`` the rows are one page of clusters (``matrix.page``) and the totals
    still cover every visible cluster. A fixed number of queries whatever the size: the
    clusters (and their count), the categories, two aggregates for the page's cells, the
    newest delivery (part of the totals' cache key; on a miss, two aggregates for the
    totals by category), the reference portfolio's categories."""
    visible = access.visible_clusters(user).order_by("acronym", "pk")
    if project is not None:
        visible = visible.filter(project=project)
    page = None
    if per_page:
        page = Paginator(visible, per_page).get_page(page_number)
        clusters = list(page.object_list)
    else:
        clusters = list(visible)
    cluster_count = page.paginator.count if page else len(clusters)
    all_categories = categories()
    page_pks = [c.pk for c in clusters]
    cells = _cells(
        Service.objects.filter(cluster__in=page_pks),
        ServiceDelivery.objects.filter(service__cluster__in=page_pks),
    )
    by_category = {
        category_pk: Cell(services=n, paid=paid, delivered_services=delivered, deliveries=d)
        for category_pk, n, paid, delivered, d in _category_totals(
            user=user,
            clusters=visible,
            # the user's clusters may change: their number is in the key
            scope=f"{project.pk if project else ''}:{cluster_count}",
        )
    }
    reference = set(
        ReferenceService.objects.filter(project__in=visible.values("project")).values_list(
            "category", flat=True
        )
    )
    rows = []
    for cluster in clusters:
        row = MatrixRow(cluster=cluster, cells=[])
        for category in all_categories:
            cell = cells.get((cluster.pk, category.pk)) or Cell()
            row.cells.append(cell)
            row.services += cell.services
            row.paid += cell.paid
            row.deliveries += cell.deliveries
            if category.pk in reference and cell.coverage == OFFERED:
                row.reference_covered += 1
        rows.append(row)
    totals = [by_category.get(category.pk) or Cell() for category in all_categories]
    return Matrix(
        categories=all_categories,
        rows=rows,
        reference_category_ids=reference,
        totals=totals,
        page=page,
    )


@dataclass
class CoverageItem:
    reference: ReferenceService
    coverage: str
    services: list[str]

    @property
    def coverage_label(self):
        return COVERAGE_LABELS[self.coverage]


def reference_coverage(cluster: Cluster) -> list[CoverageItem]:
    """The cluster's coverage of its project's reference portfolio, in two queries."""
    references = list(
        ReferenceService.objects.filter(project_id=cluster.project_id)
        .select_related("category")
        .order_by("position", "pk")
    )
    if not references:
        return []
    services = (
        Service.objects.filter(
            cluster=cluster, category__in=[reference.category_id for reference in references]
        )
        .annotate(delivered=Count("deliveries"))
        .order_by("name")
    )
    by_category: dict[int, list[Service]] = {}
    for service in services:
        by_category.setdefault(service.category_id, []).append(service)
    items = []
    for reference in references:
        matching = by_category.get(reference.category_id, [])
        delivered = sum(1 for service in matching if service.delivered)
        items.append(
            CoverageItem(
                reference=reference,
                coverage=coverage_of(len(matching), delivered),
                services=[service.name for service in matching],
            )
        )
    return items


def reference_portfolio(project: Project) -> QuerySet[ReferenceService]:
    return project.reference_services.select_related("category").order_by("position", "pk")


def coordinated_projects(user) -> QuerySet[Project]:
    if user.is_superuser:
        return Project.objects.order_by("start_date", "acronym")
    return Project.objects.filter(
        role_assignments__user=user, role_assignments__role="coordinator"
    ).order_by("start_date", "acronym")


# --- Mapping side by side, excellence checks ----------------------------------------------


def mappings_by_cluster(*, user, cluster: Cluster) -> list[ServiceMapping]:
    return list(mapping_list(user=user).filter(cluster=cluster))


def excellence_checks(*, cluster: Cluster) -> list[ExcellenceCheck]:
    return list(
        ExcellenceCheck.objects.filter(cluster=cluster)
        .select_related("checked_by")
        .prefetch_related(Prefetch("ratings"))
        .order_by("-checked_on", "-pk")
    )


def cluster_service_counts(cluster: Cluster) -> dict:
    """The cluster page's numbers: services, fee-based ones, deliveries (two queries)."""
    counts = Service.objects.filter(cluster=cluster).aggregate(
        services=Count("pk"), paid=Count("pk", filter=Q(fee_model__in=PAID_FEE_MODELS))
    )
    counts["deliveries"] = ServiceDelivery.objects.filter(service__cluster=cluster).count()
    return counts
