"""Shared fixtures: a project with two clusters (A and B) and a user of every role."""

import pytest

from tests.factories import (
    ClusterFactory,
    MemberFactory,
    ProjectFactory,
    UserFactory,
    make_coordinator,
    make_manager,
    make_viewer,
)


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def cluster_a(project):
    return ClusterFactory(project=project, acronym="ALPHA", slug="alpha", country="IT")


@pytest.fixture
def cluster_b(project):
    return ClusterFactory(project=project, acronym="BETA", slug="beta", country="HU")


@pytest.fixture
def manager_a(cluster_a):
    return make_manager(cluster_a, email="manager.a@portal.example")


@pytest.fixture
def manager_b(cluster_b):
    return make_manager(cluster_b, email="manager.b@portal.example")


@pytest.fixture
def viewer_a(cluster_a):
    return make_viewer(cluster_a, email="viewer.a@portal.example")


@pytest.fixture
def coordinator(project, cluster_a, cluster_b):
    return make_coordinator(project, email="coordinator@portal.example")


@pytest.fixture
def member_a(cluster_a):
    return MemberFactory(cluster=cluster_a, name="Alpha Robotics Srl")


@pytest.fixture
def member_b(cluster_b):
    return MemberFactory(cluster=cluster_b, name="Beta Secret Kft", country="HU")


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@portal.example", is_superuser=True, is_staff=True)


@pytest.fixture
def client_for(client):
    """Sign the test client in as a user: client_for(manager_a)."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process for this test, even when REDIS_URL points at a broker.

    The worker tests (tests/tracekei/test_worker.py) use a real worker instead.
    """
    from tracekei.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """LocaleMiddleware leaves the last request's language active in the thread; a test
    that browsed in Italian must not make the next one read Italian messages."""
    yield
    from django.utils import translation

    translation.deactivate()
