"""Production mode: fails fast without a secret, and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "tracekei.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "SECRET_KEY is not set: export SECRET_KEY=<a long random string> "
        "(or DEBUG=1 for local development)."
    ]


def test_deploy_check_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="portal.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_mode_needs_no_secret():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr
