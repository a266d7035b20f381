import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_upload(name="report.pdf", size=None):
    content = b"%PDF-1.4\n" + b"x" * ((size or 100) - 9)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
