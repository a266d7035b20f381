"""Reports fixtures: private storage in a temporary folder, and the PDF's text."""

import shutil
import subprocess

import pytest


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_pages(path) -> list[str]:
    """The text of each page (poppler's pdftotext, layout kept)."""
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def pdf_page_count(path) -> int:
    info = subprocess.run(
        [shutil.which("pdfinfo"), str(path)], check=True, capture_output=True, text=True
    )
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])
