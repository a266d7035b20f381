"""What the benchmark measures, as data: add a page in one line.

``kwargs`` and ``query`` are formatted with the role's context: ``{cluster_slug}`` (the
manager's cluster, also used for the coordinator), ``{member_pk}`` (a member of it),
``{service_pk}`` (a service of it), ``{strategy_pk}`` (its strategy).
``floor`` names an entry of ``DATABASE_FLOORS``: the bare SQL for the same figure, run
with psycopg2 directly, with ``%(clusters)s`` (the ids the role may see),
``%(cluster_id)s`` and the context above (``%(service_pk)s``, ...). A page whose URL
name does not exist yet is skipped with a note. An app may also list its pages as
``BENCH_PAGES`` in its ``dataset.py``. The role ``anonymous`` is a client not signed in
(its floor is the framework floor).
"""

from __future__ import annotations

import dataclasses

ROLES = ("coordinator", "manager")
COORDINATOR = ("coordinator",)
ANONYMOUS = ("anonymous",)
#: Stand-ins for the context, for checking that every page's URL reverses (tests).
SAMPLE_CONTEXT = {"cluster_slug": "alpha", "member_pk": "1", "service_pk": "1", "strategy_pk": "1"}


@dataclasses.dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    kwargs: dict[str, str] = dataclasses.field(default_factory=dict)
    query: str = ""
    floor: str = ""
    goal_ms: int = 300  # p95 server time
    heavy: bool = False  # an export: fewer repetitions
    roles: tuple[str, ...] = ROLES


PAGES: list[Page] = [
    Page("home", "dashboard", floor="dashboard"),
    Page("cluster list", "clusters:list", floor="cluster_list"),
    Page("cluster detail", "clusters:detail", {"slug": "{cluster_slug}"}, floor="cluster_one"),
    Page("member list", "clusters:member_list", floor="member_page"),
    Page(
        "member list, SMEs by join date, p2",
        "clusters:member_list",
        query="member_type=sme&sort=-joined&page=2",
        floor="member_page_filtered",
    ),
    Page(
        "member export CSV",
        "clusters:member_list",
        query="export=csv",
        floor="member_export",
        goal_ms=5000,
        heavy=True,
    ),
    Page(
        "member export XLSX, one cluster",
        "clusters:member_list",
        query="cluster={cluster_slug}&export=xlsx",
        floor="member_export_one",
        goal_ms=5000,
        heavy=True,
    ),
    Page("API clusters", "cluster-list", floor="cluster_list"),
    Page("API members", "member-list", floor="member_page_50"),
    # services
    Page("service catalogue", "services:list", floor="service_page"),
    Page("service detail", "services:detail", {"pk": "{service_pk}"}, floor="service_one"),
    Page("consortium matrix", "services:matrix", floor="service_matrix", roles=COORDINATOR),
    Page("delivery form", "services:deliver", {"pk": "{service_pk}"}, floor="delivery_form"),
    Page("API services", "service-list", floor="service_page_50"),
    Page("API service deliveries", "service-delivery-list", floor="delivery_page_50"),
    # trainings
    Page("trainings list", "trainings:list", floor="activity_page"),
    Page("trainings calendar", "trainings:calendar", floor="activity_calendar"),
    Page("skills gap matrix", "trainings:skills", floor="gap_matrix"),
    Page("API activities", "activity-list", floor="activity_page_50"),
    # strategy
    Page("strategy page", "strategy:detail", {"pk": "{strategy_pk}"}, floor="strategy_one"),
    Page(
        "strategy matching",
        "strategy:matching",
        floor="strategy_matching",
        goal_ms=2000,
        roles=COORDINATOR,
    ),
    Page("API strategies", "strategy-list", floor="strategy_page_50"),
    # dissemination
    Page("dissemination activities", "dissemination:activity_list", floor="dissemination_page"),
    Page("policy dialogues", "dissemination:dialogue_list", floor="dialogue_page"),
    Page("offers and needs", "dissemination:market", floor="market_page"),
    Page("API dissemination activities", "dissemination-activity-list", floor="dissemination_50"),
    Page(
        "public home /project/",
        "dissemination:public_home",
        floor="public_home",
        goal_ms=100,
        roles=ANONYMOUS,
    ),
    # KPIs
    Page("KPI dashboard", "kpi:dashboard", floor="kpi_dashboard", goal_ms=150),
    Page("KPI drill-down", "kpi:detail", {"code": "smes_benefitting"}, floor="kpi_one"),
    Page("API KPIs", "kpi-list", floor="kpi_dashboard"),
]

_ACTIVE = "(m.left_on IS NULL OR m.left_on > CURRENT_DATE)"
_MEMBER_PAGE = (
    "SELECT m.id, m.name, m.member_type, m.country, c.acronym FROM clusters_member m "
    "JOIN clusters_cluster c ON c.id = m.cluster_id WHERE m.cluster_id = ANY(%(clusters)s) "
)
_MEMBER_COUNT = "SELECT count(*) FROM clusters_member m WHERE m.cluster_id = ANY(%(clusters)s)"

#: The bare SQL behind each figure: what the page could cost if Python were free.
DATABASE_FLOORS: dict[str, list[str]] = {
    "dashboard": [
        "SELECT count(*), count(DISTINCT m.organisation_key) FROM clusters_member m "
        f"WHERE m.cluster_id = ANY(%(clusters)s) AND {_ACTIVE}",
    ],
    "cluster_list": [
        "SELECT c.id, c.acronym, count(m.id) FROM clusters_cluster c "
        f"LEFT JOIN clusters_member m ON m.cluster_id = c.id AND {_ACTIVE} "
        "WHERE c.id = ANY(%(clusters)s) GROUP BY c.id ORDER BY c.acronym LIMIT 50",
    ],
    "cluster_one": [
        "SELECT c.*, (SELECT count(*) FROM clusters_member m WHERE m.cluster_id = c.id "
        f"AND {_ACTIVE}) FROM clusters_cluster c WHERE c.id = %(cluster_id)s",
    ],
    "member_page": [_MEMBER_COUNT, _MEMBER_PAGE + "ORDER BY m.name, m.id LIMIT 25"],
    "member_page_50": [_MEMBER_COUNT, _MEMBER_PAGE + "ORDER BY m.name, m.id LIMIT 50"],
    "member_page_filtered": [
        _MEMBER_COUNT + " AND m.member_type = 'sme'",
        _MEMBER_PAGE + "AND m.member_type = 'sme' "
        "ORDER BY m.joined_on DESC, m.name, m.id LIMIT 25 OFFSET 25",
    ],
    "member_export": [
        "SELECT m.*, c.acronym, (SELECT string_agg(s.name, ', ') FROM clusters_member_sectors "
        "ms JOIN clusters_sector s ON s.id = ms.sector_id WHERE ms.member_id = m.id) "
        "FROM clusters_member m JOIN clusters_cluster c ON c.id = m.cluster_id "
        "WHERE m.cluster_id = ANY(%(clusters)s) ORDER BY m.name, m.id",
    ],
    **{
        f"service_page{suffix}": [
            "SELECT count(*) FROM services_service s WHERE s.cluster_id = ANY(%(clusters)s)",
            "SELECT s.id, s.name, s.status, c.acronym, k.name FROM services_service s "
            "JOIN clusters_cluster c ON c.id = s.cluster_id JOIN services_servicecategory k "
            "ON k.id = s.category_id WHERE s.cluster_id = ANY(%(clusters)s) "
            f"ORDER BY s.name, s.id LIMIT {limit}",
        ]
        for suffix, limit in (("", 25), ("_50", 50))
    },
    "service_one": [
        "SELECT s.*, c.acronym FROM services_service s JOIN clusters_cluster c "
        "ON c.id = s.cluster_id WHERE s.id = %(service_pk)s",
        "SELECT count(*) FROM services_servicedelivery d WHERE d.service_id = %(service_pk)s",
        "SELECT d.*, m.name FROM services_servicedelivery d JOIN clusters_member m "
        "ON m.id = d.member_id WHERE d.service_id = %(service_pk)s "
        "ORDER BY d.delivered_on DESC, d.id DESC LIMIT 25",
    ],
    "service_matrix": [
        "SELECT id, acronym FROM clusters_cluster WHERE id = ANY(%(clusters)s) ORDER BY acronym",
        "SELECT s.cluster_id, s.category_id, count(*), "
        "count(*) FILTER (WHERE s.fee_model IN ('fee_based', 'mixed')) FROM services_service s "
        "WHERE s.cluster_id = ANY(%(clusters)s) GROUP BY 1, 2",
        "SELECT s.cluster_id, s.category_id, count(*), count(DISTINCT d.service_id) "
        "FROM services_servicedelivery d JOIN services_service s ON s.id = d.service_id "
        "WHERE s.cluster_id = ANY(%(clusters)s) GROUP BY 1, 2",
    ],
    "delivery_form": [
        "SELECT s.* FROM services_service s WHERE s.id = %(service_pk)s",
        "SELECT m.id, m.name FROM clusters_member m WHERE m.cluster_id = "
        "(SELECT cluster_id FROM services_service WHERE id = %(service_pk)s) "
        f"AND {_ACTIVE} ORDER BY m.name",
    ],
    "delivery_page_50": [
        "SELECT count(*) FROM services_servicedelivery d JOIN services_service s "
        "ON s.id = d.service_id WHERE s.cluster_id = ANY(%(clusters)s)",
        "SELECT d.*, s.name, m.name FROM services_servicedelivery d JOIN services_service s "
        "ON s.id = d.service_id JOIN clusters_member m ON m.id = d.member_id "
        "WHERE s.cluster_id = ANY(%(clusters)s) "
        "ORDER BY d.delivered_on DESC, d.id DESC LIMIT 50",
    ],
    **{
        f"activity_page{suffix}": [
            "SELECT count(*) FROM trainings_activity",
            "SELECT a.id, a.title, a.start_date, c.acronym, count(DISTINCT p.id) "
            "FROM trainings_activity a JOIN clusters_cluster c ON c.id = a.organising_cluster_id "
            "LEFT JOIN trainings_participation p ON p.activity_id = a.id "
            f"GROUP BY a.id, c.acronym ORDER BY a.start_date DESC, a.id LIMIT {limit}",
        ]
        for suffix, limit in (("", 25), ("_50", 50))
    },
    "activity_calendar": [
        "SELECT a.id, a.title, a.start_date, a.end_date FROM trainings_activity a "
        "WHERE a.end_date >= CURRENT_DATE - 31 AND a.start_date <= CURRENT_DATE + 62 "
        "ORDER BY a.start_date",
    ],
    "gap_matrix": [
        "SELECT r.user_id, r.module_id, r.level FROM trainings_skillrating r "
        "JOIN clusters_roleassignment ra ON ra.user_id = r.user_id AND ra.role = 'manager' "
        "WHERE ra.cluster_id = ANY(%(clusters)s) "
        "AND r.round_id = (SELECT max(id) FROM trainings_assessmentround)",
    ],
    "strategy_one": [
        "SELECT s.*, c.acronym FROM strategy_strategy s JOIN clusters_cluster c "
        "ON c.id = s.cluster_id WHERE s.id = %(strategy_pk)s",
        "SELECT v.* FROM strategy_strategyversion v WHERE v.strategy_id = %(strategy_pk)s",
        "SELECT g.* FROM strategy_goal g JOIN strategy_strategyversion v ON v.id = g.version_id "
        "WHERE v.strategy_id = %(strategy_pk)s",
    ],
    "strategy_matching": [
        "SELECT s.cluster_id, g.id, g.objective, g.tags FROM strategy_goal g "
        "JOIN strategy_strategyversion v ON v.id = g.version_id "
        "JOIN strategy_strategy s ON s.id = v.strategy_id "
        "WHERE v.status = 'adopted' AND s.cluster_id = ANY(%(clusters)s)",
        "SELECT gp.goal_id, p.region, p.domain FROM strategy_goal_ris3_priorities gp "
        "JOIN strategy_ris3priority p ON p.id = gp.ris3priority_id "
        "JOIN strategy_goal g ON g.id = gp.goal_id "
        "JOIN strategy_strategyversion v ON v.id = g.version_id WHERE v.status = 'adopted'",
    ],
    "strategy_page_50": [
        "SELECT count(*) FROM strategy_strategy s WHERE s.cluster_id = ANY(%(clusters)s)",
        "SELECT s.*, c.acronym FROM strategy_strategy s JOIN clusters_cluster c "
        "ON c.id = s.cluster_id WHERE s.cluster_id = ANY(%(clusters)s) "
        "ORDER BY c.acronym, s.start_year DESC LIMIT 50",
    ],
    **{
        name: [
            "SELECT count(*) FROM dissemination_disseminationactivity a WHERE EXISTS (SELECT 1 "
            "FROM dissemination_disseminationactivity_clusters ac WHERE "
            "ac.disseminationactivity_id = a.id AND ac.cluster_id = ANY(%(clusters)s))",
            "SELECT a.id, a.title, a.date FROM dissemination_disseminationactivity a WHERE EXISTS "
            "(SELECT 1 FROM dissemination_disseminationactivity_clusters ac WHERE "
            "ac.disseminationactivity_id = a.id AND ac.cluster_id = ANY(%(clusters)s)) "
            f"ORDER BY a.date DESC, a.id DESC LIMIT {limit}",
        ]
        for name, limit in (("dissemination_page", 25), ("dissemination_50", 50))
    },
    "dialogue_page": [
        "SELECT count(*) FROM dissemination_policydialogue d "
        "WHERE d.cluster_id = ANY(%(clusters)s)",
        "SELECT d.*, c.acronym FROM dissemination_policydialogue d JOIN clusters_cluster c "
        "ON c.id = d.cluster_id WHERE d.cluster_id = ANY(%(clusters)s) "
        "ORDER BY d.date DESC, d.id DESC LIMIT 25",
    ],
    "market_page": [
        "SELECT count(*) FROM dissemination_collaborationpost p WHERE p.is_open",
        "SELECT p.*, c.acronym FROM dissemination_collaborationpost p JOIN clusters_cluster c "
        "ON c.id = p.cluster_id WHERE p.is_open ORDER BY p.created_at DESC, p.id DESC LIMIT 25",
    ],
    "public_home": [
        "SELECT a.id, a.title, a.date, a.activity_type FROM dissemination_disseminationactivity a "
        "WHERE a.is_public AND a.approved_at IS NOT NULL ORDER BY a.date DESC, a.id DESC "
        "LIMIT 6",
    ],
    "kpi_dashboard": [
        "SELECT i.*, s.value, s.contributions, s.taken_on FROM kpi_indicator i "
        "LEFT JOIN LATERAL (SELECT * FROM kpi_snapshot x WHERE x.indicator_id = i.id "
        "ORDER BY x.taken_on DESC LIMIT 1) s ON true WHERE i.project_id = "
        "(SELECT project_id FROM clusters_cluster WHERE id = %(cluster_id)s) "
        "ORDER BY i.position, i.code",
    ],
    "kpi_one": [
        "SELECT i.* FROM kpi_indicator i WHERE i.code = 'smes_benefitting' AND i.project_id = "
        "(SELECT project_id FROM clusters_cluster WHERE id = %(cluster_id)s)",
        "SELECT x.taken_on, x.value, x.contributions FROM kpi_snapshot x JOIN kpi_indicator i "
        "ON i.id = x.indicator_id WHERE i.code = 'smes_benefitting' ORDER BY x.taken_on",
    ],
    "member_export_one": [
        "SELECT m.*, c.acronym FROM clusters_member m JOIN clusters_cluster c "
        "ON c.id = m.cluster_id WHERE m.cluster_id = %(cluster_id)s ORDER BY m.name, m.id",
    ],
}


@dataclasses.dataclass(frozen=True)
class LoadTarget:
    label: str
    url_name: str  # "" for a page that is not built yet
    auth: str = ""  # "token": the coordinator's API token
    note: str = ""
    connections: int = 0  # wrk connections; 0: bench_run's --concurrency
    goal_ms: int = 500  # p95


LOAD_TARGETS: list[LoadTarget] = [
    # Issue 8: p95 under 100 ms at 50 concurrent clients for 60 s, no errors.
    LoadTarget("public home", "dissemination:public_home", connections=50, goal_ms=100),
    LoadTarget("survey answering page", "", note="not built yet"),
    LoadTarget("log-in page", "account_login"),
    LoadTarget("API members (token)", "member-list", auth="token"),
]


@dataclasses.dataclass(frozen=True)
class Task:
    """A job timed in the ``bench_run`` process: ``call`` is the dotted name of a function
    of ``tracekei.bench.tasks`` style, ``call(context) -> dict`` with ``seconds`` (the
    figure), ``floor_seconds`` (its database floor, measured in the same run) and any
    details; "" for a job not built yet."""

    label: str
    call: str
    goal_s: float = 0
    note: str = ""


TASKS: list[Task] = [
    # Through the Celery worker (rollup_request -> kpi.rollup); floor: the bare SQL
    # aggregates of the same figures.
    Task("KPI rollup, whole project", "tracekei.bench.tasks.kpi_rollup", goal_s=60),
    # services.services.delivery_record_bulk, one service to 1,000 members, rolled back;
    # floor: the same 1,000 rows in one INSERT ... SELECT.
    Task("bulk delivery to 1,000 members", "tracekei.bench.tasks.bulk_delivery", goal_s=1),
    Task("report render", "", note="not built yet"),
]


def all_pages() -> list[Page]:
    from tracekei import plugins

    pages = list(PAGES)
    for module in plugins.app_modules("dataset"):
        pages += getattr(module, "BENCH_PAGES", [])
    return pages
