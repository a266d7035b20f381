"""What the benchmark measures, as data: add a page in one line.

``kwargs`` and ``query`` are formatted with the role's context: ``{cluster_slug}`` (the
manager's cluster, also used for the coordinator), ``{member_pk}`` (a member of it).
``floor`` names an entry of ``DATABASE_FLOORS``: the bare SQL for the same figure, run
with psycopg2 directly, with ``%(clusters)s`` (the ids the role may see) and
``%(cluster_id)s``. A page whose URL name does not exist yet is skipped with a note.
An app may also list its pages as ``BENCH_PAGES`` in its ``dataset.py``.
"""

from __future__ import annotations

import dataclasses

ROLES = ("coordinator", "manager")


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
    # services: Page("service list", "services:list", floor=...),
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


LOAD_TARGETS: list[LoadTarget] = [
    LoadTarget("public home", "", note="not built yet"),
    LoadTarget("survey answering page", "", note="not built yet"),
    LoadTarget("log-in page", "account_login"),
    LoadTarget("API members (token)", "member-list", auth="token"),
]

#: Celery task durations; ``task`` is the dotted name once the app that owns it exists.
TASKS: list[tuple[str, str]] = [
    ("KPI rollup", ""),
    ("report render", ""),
]


def all_pages() -> list[Page]:
    from tracekei import plugins

    pages = list(PAGES)
    for module in plugins.app_modules("dataset"):
        pages += getattr(module, "BENCH_PAGES", [])
    return pages
