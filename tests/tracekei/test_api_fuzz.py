"""Issue 11's API fuzzing, the bounded run of `make test`: schemathesis generates requests
from the OpenAPI schema (/api/schema/) and sends them in-process to the WSGI app, as each
role with its API token. No answer may be a 500 or break the schema it documents.

The long run (10,000+ requests against a server with the demo data) is `make fuzz`
(scripts/fuzz.py); its result is in docs/benchmarks.md."""

import io

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import (
    ClusterFactory,
    MemberFactory,
    ProjectFactory,
    ServiceDeliveryFactory,
    UserFactory,
    make_coordinator,
    make_manager,
    make_viewer,
)

# Only the fuzzing phase, a few requests per operation and role, the same ones each run
# (the long run of `make fuzz` adds the coverage and examples phases).
CONFIG = SchemathesisConfig.from_str("""
[phases.examples]
enabled = false
[phases.coverage]
enabled = false
[phases.stateful]
enabled = false
[generation]
max-examples = 3
deterministic = true
database = "none"
""")
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)
schema.app = get_wsgi_application()

ROLES = ("anonymous", "viewer_a", "manager_a", "manager_b", "coordinator", "admin")
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def in_test_transaction():
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction; Django's own test client switches that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """Two clusters, a user of every role and their tokens: made once for the module in a
    transaction rolled back at its end (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            project = ProjectFactory()
            cluster_a = ClusterFactory(project=project)
            cluster_b = ClusterFactory(project=project)
            member = MemberFactory(cluster=cluster_a)
            MemberFactory(cluster=cluster_b)
            ServiceDeliveryFactory(service__cluster=cluster_a, member=member)
            users = {
                "viewer_a": make_viewer(cluster_a),
                "manager_a": make_manager(cluster_a),
                "manager_b": make_manager(cluster_b),
                "coordinator": make_coordinator(project),
                "admin": UserFactory(is_superuser=True, is_staff=True),
            }
            yield {role: Token.objects.create(user=user).key for role, user in users.items()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": None, "anon": None})


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
# A generated multipart body leaves Django's upload temp file to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_api_answers_within_its_schema_and_never_500(case, role, tokens, in_test_transaction):
    headers = {"Authorization": f"Token {tokens[role]}"} if role in tokens else {}
    case.call_and_validate(headers=headers, checks=CHECKS)


#: (path, template in the schema, the model whose first row's pk fills {pk}): each
#: response a long fuzzing run (`make fuzz`) found breaking the schema.
SCHEMA_BREAKS_FOUND = [
    # the list route answering the one joint strategy (documented as an array)
    ("/api/joint-strategy/", "/api/joint-strategy/", None),
    # a participant registered by name: no user, no hours (documented as strings)
    ("/api/participations/", "/api/participations/", None),
    # the versions page (documented as a single version)
    ("/api/strategies/{pk}/versions/", "/api/strategies/{id}/versions/", "strategy.Strategy"),
    # the consortium's questionnaire: no cluster, questions without a condition (null,
    # documented as strings)
    ("/api/questionnaires/", "/api/questionnaires/", None),
    ("/api/questionnaires/{pk}/", "/api/questionnaires/{id}/", "surveys.Questionnaire"),
    # a deliverable's history: the whole list (documented as a page)
    (
        "/api/deliverables/{pk}/history/",
        "/api/deliverables/{id}/history/",
        "deliverables.Deliverable",
    ),
]


@pytest.mark.django_db
def test_responses_the_long_fuzzing_runs_found_breaking_the_schema_conform(in_test_transaction):
    """One test for all of them: the demo data (the rows these answers need) loads once."""
    from django.apps import apps
    from django.core.management import call_command
    from werkzeug.test import Client as WerkzeugClient

    from tracekei.accounts.models import User

    call_command("load_demo_data", stdout=io.StringIO())
    admin = User.objects.get(email="admin@tracekei.example")
    headers = {"Authorization": f"Token {Token.objects.create(user=admin).key}"}
    client = WerkzeugClient(schema.app)
    breaks = []
    for path, template, model in SCHEMA_BREAKS_FOUND:
        pk = apps.get_model(model).objects.order_by("pk").first().pk if model else None
        response = client.get(path.format(pk=pk), headers=headers)
        if response.status_code != 200 or not schema[template]["GET"].is_valid_response(response):
            breaks.append((path, response.status_code))
    assert breaks == []
