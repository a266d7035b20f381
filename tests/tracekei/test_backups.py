"""scripts/backup.sh and scripts/restore.sh on the real PostgreSQL: the demo consortium,
its KPI rollup and an uploaded file are dumped, restored into a new empty database and
media directory, and found the same there.

Needs a PostgreSQL DATABASE_URL (CI has one) and pg_dump/pg_restore/psql on the PATH."""

import hashlib
import io
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from clusters.models import Cluster, Member, Project
from dissemination.models import DisseminationActivity
from services.models import Service, ServiceDelivery
from tracekei.accounts.models import User
from tracekei.kpi.models import Indicator, RollupRun, Snapshot
from tracekei.kpi.services import rollup_request
from trainings.models import Activity as TrainingActivity

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not shutil.which("pg_dump"),
        reason="needs a PostgreSQL DATABASE_URL and pg_dump (as in CI)",
    ),
]

MAIN_TABLES = [
    model._meta.db_table
    for model in (
        User,
        Project,
        Cluster,
        Member,
        Service,
        ServiceDelivery,
        TrainingActivity,
        DisseminationActivity,
        Indicator,
        RollupRun,
        Snapshot,
    )
]
KPI_VALUES = (
    f"SELECT i.code, s.taken_on, s.value, s.contributions::text "  # noqa: S608  constant SQL
    f"FROM {Snapshot._meta.db_table} s JOIN {Indicator._meta.db_table} i "
    f"ON i.id = s.indicator_id ORDER BY i.code, s.taken_on"
)


def database_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"


def facts(cursor) -> dict:
    counts = {}
    for table in MAIN_TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  names from the models
        counts[table] = cursor.fetchone()[0]
    cursor.execute(KPI_VALUES)
    return {"counts": counts, "kpi": cursor.fetchall()}


def run_script(script: str, *args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / script), *map(str, args)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def empty_database():
    """A new empty database beside the test database, dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_kpis(
    empty_database, eager_tasks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_data", stdout=io.StringIO())
    project = Project.objects.get()
    rollup_request(actor=None, project=project)  # the nightly rollup, once more
    assert RollupRun.objects.filter(status=RollupRun.Status.DONE).count() >= 2
    stored = default_storage.save("private/trainings/0/slides.pdf", ContentFile(b"%PDF-1.4 x"))
    with connection.cursor() as cursor:
        before = facts(cursor)
    assert before["kpi"], "the demo rollup made no snapshot"
    assert all(count > 0 for count in before["counts"].values()), before["counts"]

    backup = run_script(
        "backup.sh",
        tmp_path / "backups",
        DATABASE_URL=database_url(connection.settings_dict["NAME"]),
        MEDIA_ROOT=settings.MEDIA_ROOT,
    )
    assert backup.returncode == 0, backup.stderr
    dump, archive = backup.stdout.split()
    assert dump.endswith(".dump") and archive.endswith(".tar.gz")

    restored_media = tmp_path / "restored-media"
    restore = run_script(
        "restore.sh",
        dump,
        archive,
        DATABASE_URL=database_url(empty_database),
        MEDIA_ROOT=restored_media,
    )
    assert restore.returncode == 0, restore.stderr

    with psycopg2.connect(database_url(empty_database)) as restored, restored.cursor() as cursor:
        after = facts(cursor)
    restored.close()
    assert after == before
    assert (restored_media / stored).read_bytes() == b"%PDF-1.4 x"

    # The restored database is complete for this code: no migration is missing.
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(empty_database), "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    Project.objects.create(
        name="Project", acronym="P", start_date="2017-01-01", end_date="2019-12-31"
    )
    url = database_url(connection.settings_dict["NAME"])
    backup = run_script(
        "backup.sh", tmp_path / "backups", DATABASE_URL=url, MEDIA_ROOT=tmp_path / "media"
    )
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.split()[0]
    restore = run_script("restore.sh", dump, DATABASE_URL=url)
    assert restore.returncode == 1
    assert "the database is not empty" in restore.stderr
    assert Project.objects.filter(acronym="P").count() == 1


def test_restore_refuses_a_damaged_backup(tmp_path):
    dump = tmp_path / "tracekei-20260101T000000Z.dump"
    dump.write_bytes(b"PGDMP original")
    digest = hashlib.sha256(dump.read_bytes()).hexdigest()
    (tmp_path / "tracekei-20260101T000000Z.sha256").write_text(f"{digest}  {dump.name}\n")
    dump.write_bytes(b"PGDMP damaged!")
    restore = run_script("restore.sh", dump, DATABASE_URL=database_url("unused"))
    assert restore.returncode == 1
    assert "checksums do not match" in restore.stderr
