"""The pieces of the benchmark harness: the Server-Timing middleware reports the queries a
page really makes, the floors, the table, percentiles, the page list and loopback only.
Nothing here is timed: speed is measured by ``make bench``."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from tests.factories import MemberFactory
from tracekei.bench import harness, pages, timing
from tracekei.bench.harness import Row

pytestmark = pytest.mark.django_db


@pytest.fixture
def timed(settings):
    """A test client served with SERVER_TIMING on (middleware and floor views)."""
    settings.SERVER_TIMING = True
    settings.ROOT_URLCONF = "tests.bench.urls"
    return Client()  # a new client loads the middleware with the setting on


def timing_of(response):
    return timing.parse_header(response[timing.HEADER])


def test_header_reports_the_queries_the_page_really_makes(timed, coordinator, cluster_a):
    for number in range(3):
        MemberFactory(cluster=cluster_a, name=f"Member {number}")
    timed.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    for path in ["/clusters/", "/members/", "/api/members/"]:
        with CaptureQueriesContext(connection) as captured:
            response = timed.get(path)
        assert response.status_code == 200
        _app_ms, _sql_ms, queries = timing_of(response)
        assert queries == len(captured.captured_queries) > 2, path


def test_floors_make_no_query_and_only_the_sign_in_lookups(timed, coordinator):
    response = timed.get("/bench/floor/")
    assert response.status_code == 200
    assert timing_of(response)[2] == 0
    timed.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    response = timed.get("/bench/floor/signed-in/")
    assert response.status_code == 200
    assert timing_of(response)[2] == 2  # the session, then the user


def test_signed_in_floor_asks_for_a_log_in(timed):
    response = timed.get("/bench/floor/signed-in/")
    assert response.status_code == 302


def test_off_by_default_no_header_and_no_floor_views(client, coordinator):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/clusters/")
    assert timing.HEADER not in response
    assert client.get("/bench/floor/").status_code == 404


def test_header_round_trip():
    header = timing.format_header(12.345, 3.2, 7)
    assert header == 'app;dur=12.35, sql;dur=3.20;desc="queries=7"'
    assert timing.parse_header(header) == (12.35, 3.2, 7)
    with pytest.raises(ValueError):
        timing.parse_header("total;dur=3")


def test_table_has_value_floor_ratio_and_goal():
    rows = [
        Row("home [manager] server p95", 40.0, 4.0, goal="< 300 ms", unit="ms"),
        Row("home [manager] SQL queries", 11, 2, goal="flat across sizes", unit="queries"),
        Row("load: public home", "not built yet", unit="req/s"),
    ]
    lines = harness.format_table(rows).splitlines()
    assert lines[0].split() == ["figure", "value", "floor", "ratio", "goal"]
    assert lines[2].split()[-6:] == ["40.0", "4.00", "10.0x", "<", "300", "ms"]
    assert "11" in lines[3] and "5.5x" in lines[3]
    assert "not built yet" in lines[4] and lines[4].split()[-1] == "-"
    markdown = harness.format_markdown(rows).splitlines()
    assert markdown[2] == "| home [manager] server p95 (ms) | 40.0 | 4.00 | 10.0x | < 300 ms |"
    assert rows[2].ratio is None and Row("x", 1.0, 0).ratio is None


def test_percentiles_are_nearest_rank():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert harness.percentile(values, 50) == 3.0
    assert harness.percentile(values, 95) == 5.0
    assert harness.percentile(list(range(1, 101)), 95) == 95
    with pytest.raises(ValueError):
        harness.percentile([], 50)


def test_every_page_is_reversible_or_reported_missing_and_has_its_floor():
    built = 0
    for page in pages.all_pages():
        assert not page.floor or page.floor in pages.DATABASE_FLOORS, page.label
        kwargs = {key: value.format(**pages.SAMPLE_CONTEXT) for key, value in page.kwargs.items()}
        try:
            reverse(page.url_name, kwargs=kwargs)
            built += 1
        except NoReverseMatch:
            pass  # another app's page, not merged yet: the harness skips it with a note
    assert built >= 30
    labels = [page.label for page in pages.all_pages()]
    assert len(labels) == len(set(labels))
    assert "public home /project/" in labels and "consortium matrix" in labels


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the floors are PostgreSQL SQL")
def test_database_floors_run(cluster_a):
    MemberFactory(cluster=cluster_a)
    for name, statements in pages.DATABASE_FLOORS.items():
        params = {**pages.SAMPLE_CONTEXT, "clusters": [cluster_a.pk], "cluster_id": cluster_a.pk}
        result = harness.database_floor(statements, params, repeat=1)
        assert set(result) == {"p50_ms", "p95_ms"}, name


def test_load_and_pages_talk_to_loopback_only():
    with pytest.raises(ValueError, match="loopback"):
        harness.Client("http://portal.example.eu")
    with pytest.raises(ValueError, match="loopback"):
        harness.run_wrk("http://10.0.0.1:8000/", seconds=1, connections=1)
    assert harness.Client("http://127.0.0.1:8105/").base_url == "http://127.0.0.1:8105"


def test_curve_shows_growth_per_page():
    def report(size, members, p50, queries):
        return {
            "size": size,
            "dataset": {"rows": {"clusters_member": members}},
            "pages": {"home [manager]": {"p50_ms": p50, "queries": queries}},
            "floors": {"signed_in_manager": {"p50_ms": 2.0}},
        }

    text = harness.format_curve([report("demo", 100, 10.0, 9), report("100x", 10_000, 20.0, 9)])
    lines = text.splitlines()
    assert lines[1].split() == ["members", "(data)", "100", "10,000", "100.0x"]
    assert lines[2].split()[-3:] == ["10.0", "20.0", "2.0x"]
    assert lines[3].split()[-3:] == ["5.0x", "10.0x", "2.0x"]  # p50 / signed-in floor
    assert lines[4].split()[-3:] == ["9", "9", "1.0x"]
