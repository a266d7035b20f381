"""Benchmark (not a test): the request that launches a campaign to N recipients.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python \\
        tests/surveys/bench_campaign_launch.py --recipients 10000 --runs 3

Each run makes a throw-away cluster with N consenting members (bulk inserts), a draft
campaign, and POSTs the launch form through Django's test client in-process (the whole
request: middleware, view, service, commit, queueing the chunks). The e-mails are queued
to a queue of their own on the broker, purged afterwards; nothing is sent. The rows it
makes stay: run it against a database of its own (e.g. the worktree's). Prints the
request time of each run, the median and the SQL query count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracekei.settings")
os.environ.setdefault("DEBUG", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from clusters.models import Cluster, Member, Project, RoleAssignment
    from surveys.models import Campaign, Invitation, Questionnaire
    from tracekei.accounts.models import User
    from tracekei.celery import app

    settings.ALLOWED_HOSTS = ["*"]
    queue = f"bench-launch-{uuid.uuid4().hex[:6]}"
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False  # queue the e-mails, as in production
    if not settings.REDIS_URL:
        sys.exit("needs REDIS_URL (a broker): the e-mails are queued, not sent")

    project, _created = Project.objects.get_or_create(
        acronym="BENCH-LAUNCH",
        defaults={"name": "Benchmark", "start_date": "2016-11-16", "end_date": "2018-11-15"},
    )
    timings, queries = [], []
    for run in range(options.runs):
        tag = uuid.uuid4().hex[:8]
        cluster = Cluster.objects.create(
            project=project, acronym=f"B{tag}", slug=f"bench-{tag}", legal_name="Bench"
        )
        user = User.objects.create(email=f"bench-{tag}@bench.example", full_name="Bench")
        RoleAssignment.objects.create(user=user, cluster=cluster, role="manager")
        today = timezone.localdate()
        Member.objects.bulk_create(
            [
                Member(
                    cluster=cluster,
                    name=f"Bench member {number}",
                    member_type="sme",
                    country="IT",
                    contact_email=f"m{number}@{tag}.bench.example",
                    preferred_language=("en", "it", "hu", "de")[number % 4],
                    survey_consent=True,
                    survey_consent_on=today,
                    organisation_key=f"bench:{tag}:{number}",
                )
                for number in range(options.recipients)
            ],
            batch_size=2000,
        )
        questionnaire = Questionnaire.objects.create(
            project=project, cluster=cluster, key=f"bench-{tag}", title={"en": "Bench"}
        )
        campaign = Campaign.objects.create(
            cluster=cluster,
            questionnaire=questionnaire,
            title="Bench",
            opens_on=today,
            closes_on=today + timezone.timedelta(days=30),
        )
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(
                f"/surveys/campaigns/{campaign.pk}/recipients/", {"consent_only": "on"}
            )
            elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        assert Invitation.objects.filter(campaign=campaign).count() == options.recipients
        timings.append(elapsed)
        queries.append(len(captured))
        print(f"run {run + 1}: {elapsed * 1000:.0f} ms, {len(captured)} queries", flush=True)
        # The rows stay (deleting 10,000 protected members is slow): use a bench DB.
    with app.connection_for_write() as conn:
        purged = conn.default_channel.queue_purge(queue) or 0
    print(
        f"{options.recipients} recipients: median {statistics.median(timings) * 1000:.0f} ms "
        f"over {options.runs} runs (min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}); "
        f"queries {sorted(set(queries))}; {purged} queued chunk messages purged"
    )


if __name__ == "__main__":
    main()
