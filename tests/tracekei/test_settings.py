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
        EMAIL_URL="submission://portal:secret@smtp.example.eu:587",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_production_has_no_mail_server():
    result = run_manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="portal.example",
    )
    assert "tracekei.W001" in result.stderr + result.stdout
    assert "EMAIL_URL is not set" in result.stderr + result.stdout


def test_production_never_prints_e_mails_to_the_console():
    probe = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "tracekei.settings",
            "DEBUG": "0",
            "SECRET_KEY": "x" * 50,
            "VAR_DIR": str(ROOT / "var"),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_development_mode_needs_no_secret():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_an_email_url_it_cannot_read_is_one_clear_line():
    result = run_manage("check", DEBUG="1", EMAIL_URL="smtp+tls://user:pw@smtp.example.eu:587")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("EMAIL_URL is not understood")
