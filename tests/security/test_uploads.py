"""Every uploaded file is checked by name, content and size, and is served only through a
view that checks who asks."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from dissemination.uploads import validate_evidence, validate_picture
from tests.factories import ActivityFactory, make_activity
from tracekei.security.uploads import check_content, content_matches
from trainings import services as trainings_services
from trainings.models import Material

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the slides"
ZIP = b"PK\x03\x04 a zip container"
PNG = b"\x89PNG\r\n\x1a\n the picture"
EXE = b"MZ\x90\x00 a windows program"

# Every file field of the portal, and what checks what is stored in it. A new file field
# fails this test until it is added here, with its checks and a test of them.
FILE_FIELDS = {
    "trainings.Material.file": "trainings.services.check_material_upload: type, content, size",
    "dissemination.DisseminationActivity.evidence": "validate_evidence: type, content, size",
    "dissemination.SuccessStory.picture": "validate_picture: type, content, size",
    "reports.ReportRequest.file": "written by the portal itself (PDF reports), never uploaded",
    "deliverables.Deliverable.file": "deliverables.services.check_upload: type, content, size "
    "(tests/deliverables/test_services.py)",
}


def test_every_file_field_is_accounted_for():
    found = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
        and not model.__module__.startswith(("django.", "allauth.", "rest_framework"))
    }
    assert found == set(FILE_FIELDS)


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("slides.pdf", PDF, True),
        ("slides.pdf", EXE, False),
        ("slides.pdf", ZIP, False),
        ("notes.docx", ZIP, True),
        ("notes.docx", PDF, False),
        ("photo.png", PNG, True),
        ("photo.jpg", PNG, False),
        ("tool.exe", EXE, False),  # no known signature: never allowed
    ],
)
def test_content_must_match_the_name(name, content, ok):
    assert content_matches(SimpleUploadedFile(name, content), name[name.rindex(".") :]) is ok
    if not ok:
        with pytest.raises(ValidationError):
            check_content(SimpleUploadedFile(name, content))


def test_a_training_material_whose_content_is_not_its_type_is_refused(
    cluster_a, manager_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(organising_cluster=cluster_a)
    with pytest.raises(ValidationError, match="does not match"):
        trainings_services.material_add(
            actor=manager_a,
            activity=activity,
            title="Not really slides",
            upload=SimpleUploadedFile("slides.pdf", EXE),
        )
    assert not Material.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_the_upload_page_says_so_next_to_the_field(
    client_for, cluster_a, manager_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(organising_cluster=cluster_a)
    response = client_for(manager_a).post(
        reverse("trainings:material_upload", args=[activity.pk]),
        {"title": "Slides", "file": SimpleUploadedFile("slides.pdf", EXE)},
    )
    assert response.status_code == 400
    assert "does not match its type" in response.content.decode()
    assert not Material.objects.exists()


def test_upload_sizes_are_settings(settings):
    settings.DISSEMINATION_EVIDENCE_MAX_BYTES = 10
    settings.DISSEMINATION_PICTURE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        validate_evidence(SimpleUploadedFile("proof.pdf", PDF))
    with pytest.raises(ValidationError, match="larger than"):
        validate_picture(SimpleUploadedFile("photo.png", PNG))
    settings.DISSEMINATION_EVIDENCE_MAX_BYTES = 1024
    validate_evidence(SimpleUploadedFile("proof.pdf", PDF))


def test_materials_are_served_only_to_who_may_see_them(
    client_for, cluster_a, manager_a, manager_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(organising_cluster=cluster_a)
    material = trainings_services.material_add(
        actor=manager_a,
        activity=activity,
        title="Slides",
        upload=SimpleUploadedFile("slides.pdf", PDF),
    )
    url = reverse("trainings:material_download", args=[activity.pk, material.pk])
    mine = client_for(manager_a).get(url)
    assert mine.status_code == 200
    assert b"".join(mine.streaming_content) == PDF
    assert mine.headers["Content-Disposition"].startswith("attachment")
    assert client_for(manager_b).get(url).status_code == 404


def test_evidence_is_served_only_to_who_may_see_the_activity(
    client, client_for, cluster_a, manager_a, manager_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = make_activity(cluster_a)
    activity.evidence.save("proof.pdf", SimpleUploadedFile("proof.pdf", PDF))
    url = reverse("dissemination:activity_evidence", args=[activity.pk])
    assert client.get(url).status_code == 302  # signed out: to the log-in page
    assert client_for(manager_b).get(url).status_code == 404
    mine = client_for(manager_a).get(url)
    assert mine.status_code == 200
    assert b"".join(mine.streaming_content) == PDF
