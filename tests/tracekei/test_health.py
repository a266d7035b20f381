"""/healthz tells the state of the database, the cache and the broker."""

import pytest
from django.core.cache import cache

from tracekei import health


@pytest.mark.django_db
def test_healthz_is_public_and_reports_every_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client, monkeypatch):
    def broken_set(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "set", broken_set)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"]["ok"] is False
    assert "cache unreachable" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_broker_check_fails_against_a_closed_port(settings):
    # A real connection attempt to a Redis port where nothing listens.
    from tracekei.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    try:
        result = health.run_checks()["broker"]
    finally:
        app.conf.broker_url = previous
    assert result["ok"] is False
    assert "error" in result


@pytest.mark.django_db
def test_healthz_answers_whatever_host_the_probe_uses(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example"]
    probe = client.get("/healthz", HTTP_HOST="localhost:8000")
    page = client.get("/accounts/login/", HTTP_HOST="localhost:8000")
    assert probe.status_code == 200
    assert probe.json()["status"] == "ok"
    assert page.status_code == 400  # everything else still checks the host
