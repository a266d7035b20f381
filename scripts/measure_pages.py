"""In-process timing of the benchmark's pages against a generated dataset, read-only.

    DJANGO_SETTINGS_MODULE=tracekei.settings DEBUG=1 \\
    DATABASE_URL=postgres://tracekei:tracekei@127.0.0.1:5433/tracekei_bench2 \\
    .venv/bin/python scripts/measure_pages.py "consortium matrix" "member export CSV" -n 20

Django's test client with ``force_login`` (sessions in signed cookies, no last-log-in
update: nothing is written to the dataset's database), N timed requests per page after
one warm-up: median and p95 of the whole response (a streamed body is consumed), the
query count (``CaptureQueriesContext``), and the page's database floor from
``tracekei.bench.pages.DATABASE_FLOORS`` on a raw cursor (median of N). A page can be
given as ``label=/url/?query`` to time a URL that is not in the bench's list.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracekei.settings")

import django
from django.conf import settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", help="bench page labels, or label=/url/")
    parser.add_argument("-n", "--repeat", type=int, default=20)
    parser.add_argument("--roles", default="coordinator,manager")
    args = parser.parse_args()

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tracekei.bench import harness, runner
    from tracekei.bench.pages import DATABASE_FLOORS, Page, all_pages

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    context = runner._role_context()
    pages = {page.label: page for page in all_pages()}
    print(
        f"{'page':58} {'role':11} {'p50 ms':>9} {'p95 ms':>9} {'queries':>7} "
        f"{'SQL ms':>8} {'ratio':>7}"
    )
    for wanted in args.pages:
        label, _, url = wanted.partition("=")
        page = pages.get(label) or Page(label, "", floor="")
        for role in args.roles.split(","):
            if role not in page.roles and not url:
                continue
            user, cluster_ids = context["roles"][role]
            if url:
                path = url
            else:
                kwargs = {k: v.format(**context["format"]) for k, v in page.kwargs.items()}
                path = reverse(page.url_name, kwargs=kwargs)
                if page.query:
                    path += "?" + page.query.format(**context["format"])
            client = Client()
            if user is not None:
                client.force_login(user)
            times, queries = [], 0
            for n in range(args.repeat + 1):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                    if response.streaming:
                        for _chunk in response.streaming_content:
                            pass
                    else:
                        response.content  # noqa: B018
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code}")
                if n:
                    times.append(elapsed)
                queries = len(captured.captured_queries)
            floor = ""
            if page.floor and page.floor in DATABASE_FLOORS:
                params = {"clusters": cluster_ids, "cluster_id": context["cluster_id"]}
                params.update(context["format"])
                sql = harness.database_floor(DATABASE_FLOORS[page.floor], params, args.repeat)
                floor = sql["p50_ms"]
            p50 = statistics.median(times)
            p95 = harness.percentile(times, 95)
            ratio = f"{p50 / floor:.1f}x" if floor else "-"
            floor_text = f"{floor:.1f}" if floor else "-"
            print(
                f"{label[:58]:58} {role:11} {p50:9.1f} {p95:9.1f} {queries:7d} "
                f"{floor_text:>8} {ratio:>7}",
                flush=True,
            )


if __name__ == "__main__":
    main()
