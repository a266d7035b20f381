"""The portal speaks the consortium's languages: every catalogue is complete, compiled,
and holds every string the code and templates mark for translation."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [translation.to_locale(code) for code, _ in settings.LANGUAGES if code != "en"]
SOURCES = [
    "manage.py",
    "tracekei",
    "templates",
    "clusters",
    "services",
    "surveys",
    "trainings",
    "strategy",
    "dissemination",
    "locale",
]


def po_path(locale: str) -> Path:
    return ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"


def catalogue(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_catalogue_is_complete_and_its_compiled_file_is_current(locale, tmp_path):
    po = po_path(locale)
    result = subprocess.run(
        [
            shutil.which("msgfmt") or "/usr/bin/msgfmt",
            "--check",
            "--statistics",
            "-o",
            str(tmp_path / "fresh.mo"),
            str(po),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    committed = po.with_suffix(".mo")
    assert catalogue(committed) == catalogue(tmp_path / "fresh.mo"), "run `make messages`"


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """makemessages on a copy of the sources adds no string the committed catalogues lack."""
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "hu", "--no-location"],
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "1",
            "PYTHONPATH": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "tracekei.settings",
            "VAR_DIR": str(tmp_path / "var"),
        },
        capture_output=True,
        text=True,
        check=True,
    )

    def msgids(po: Path) -> set[str]:
        text = po.read_text()
        return {line for line in text.splitlines() if line.startswith(("msgid ", "msgid_plural"))}

    missing = msgids(tmp_path / "locale/hu/LC_MESSAGES/django.po") - msgids(po_path("hu"))
    assert missing == set(), "run `make messages` and translate the new strings"


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="en")
def test_the_log_in_page_follows_the_chosen_language(client):
    client.post(reverse("set_language"), {"language": "hu", "next": "/"})
    hungarian = client.get(reverse("account_login")).content.decode()
    client.post(reverse("set_language"), {"language": "bg", "next": "/"})
    bulgarian = client.get(reverse("account_login")).content.decode()
    with translation.override("hu"):
        sign_in_hu = translation.gettext("Sign in")
    with translation.override("bg"):
        sign_in_bg = translation.gettext("Sign in")
    assert sign_in_hu != "Sign in"
    assert sign_in_bg != "Sign in"
    assert f"<h1>{sign_in_hu}</h1>" in hungarian
    assert f"<h1>{sign_in_bg}</h1>" in bulgarian
    assert 'lang="hu"' in hungarian
