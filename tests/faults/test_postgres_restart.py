"""Fault test B (issue 11): PostgreSQL restarts under a running portal.

A private PostgreSQL cluster (scripts/services.sh on ports of its own, never the shared
one) holds a copy of the migrated test database; gunicorn serves the portal from it with
persistent connections (CONN_MAX_AGE). PostgreSQL is stopped: /healthz says the database
is down (503). It is started again: every following request, /healthz and a signed-in
page, answers 200 from the same gunicorn process, which reconnected by itself
(CONN_HEALTH_CHECKS in the settings).

The copy is ``pg_dump`` of the suite's test database (migrated once for the whole run)
into the private cluster: the same schema as ``migrate`` gives, in two seconds, not thirty.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.faults.conftest import free_port, wait_for_port
from tests.tracekei.test_worker import _test_database_url

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.faults,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not shutil.which("pg_dump")
        or not shutil.which("redis-server"),
        reason="needs a PostgreSQL DATABASE_URL, the PostgreSQL tools and redis-server (CI)",
    ),
]

SESSION_SCRIPT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_user("restart@portal.example", full_name="Restart Tester")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


class PrivatePostgres:
    def __init__(self):
        # Under /tmp itself: the postgres user must be able to enter the directory.
        self.directory = tempfile.mkdtemp(prefix="tracekei-faults-", dir="/tmp")
        self.env = {
            **os.environ,
            "SERVICES_DIR": self.directory,
            "PG_PORT": str(free_port()),
            "REDIS_PORT": str(free_port()),
        }
        self.url = f"postgres://tracekei:tracekei@127.0.0.1:{self.env['PG_PORT']}/tracekei"

    def services(self, action: str) -> None:
        subprocess.run(
            [shutil.which("bash"), str(ROOT / "scripts" / "services.sh"), action],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )


@pytest.fixture(scope="module")
def private_postgres(django_db_setup, django_db_blocker):
    """A private cluster holding the migrated schema (once per module)."""
    postgres = PrivatePostgres()
    postgres.services("start")
    try:
        dump = subprocess.run(
            [shutil.which("pg_dump"), "--no-owner", "--no-privileges", "-d", _test_database_url()],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            [shutil.which("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", postgres.url],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield postgres
    finally:
        postgres.services("stop")
        shutil.rmtree(postgres.directory, ignore_errors=True)


@pytest.fixture
def server(private_postgres, tmp_path):
    """gunicorn (one worker: one persistent connection) on the private database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracekei.settings",
        "DEBUG": "1",
        "DATABASE_URL": private_postgres.url,
        "CONN_MAX_AGE": "600",
        "REDIS_URL": "",
    }
    session_key = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SESSION_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split()[-1]  # the shell may print a line of its own first
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "tracekei.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    assert wait_for_port(port, timeout=60), (tmp_path / "gunicorn.log").read_text()[-3000:]
    yield {"port": port, "session": session_key, "process": process}
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def _get(server, path: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{server['port']}{path}",
        headers={"Cookie": f"sessionid={server['session']}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _answers(server) -> list[int]:
    return [_get(server, path)[0] for path in ("/", "/healthz", "/", "/healthz", "/")]


def test_the_portal_recovers_from_a_postgres_restart_without_its_own(private_postgres, server):
    # Warm: the worker holds a persistent connection to the database.
    assert _get(server, "/healthz")[0] == 200
    status, body = _get(server, "/")
    assert status == 200 and "Restart Tester" in body  # signed in, not the log-in page

    # A restart nobody saw: the held connection is dead; the first request notices
    # (CONN_HEALTH_CHECKS) and reconnects instead of failing.
    private_postgres.services("stop")
    private_postgres.services("start")
    assert _answers(server) == [200] * 5

    # While it is down, /healthz says so; once it is back, every request succeeds.
    private_postgres.services("stop")
    status, body = _get(server, "/healthz")
    assert status == 503
    checks = json.loads(body)["checks"]
    assert checks["database"]["ok"] is False and checks["cache"]["ok"] is True
    private_postgres.services("start")
    assert _answers(server) == [200] * 5
    assert server["process"].poll() is None  # the same gunicorn, never restarted
