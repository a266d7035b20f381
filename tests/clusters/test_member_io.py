"""Member files: import (preview, then an all-or-nothing apply) and export (scoped, safe)."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from clusters import member_io, services
from clusters.models import Member, MemberImport
from tests.factories import MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "name",
    "type",
    "country",
    "size_class",
    "sectors",
    "vat_number",
    "contact_name",
    "contact_email",
    "preferred_language",
    "survey_consent",
    "survey_consent_on",
    "joined_on",
    "left_on",
]

GOOD_ROWS = [
    [
        "Acme Robotics Srl",
        "SME",
        "IT",
        "small",
        "energy;mobility",
        "IT01234567890",
        "Anna Rossi",
        "anna@acme.example",
        "it",
        "yes",
        "2025-03-01",
        "2024-01-15",
        "",
    ],
    [
        "Budapest University of Technology",
        "university",
        "Hungary",
        "",
        "Energy",
        "",
        "Béla Kiss",
        "bela@bme.example",
        "hu",
        "no",
        "",
        "2023-05-02",
        "",
    ],
    ["Green Mobility Association", "Association", "DE", "", "", "", "", "", "", "", "", "", ""],
]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_upload(rows, *, delimiter=",", name="members.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, *, name="members.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


@pytest.fixture
def sectors(db):
    return {
        "energy": SectorFactory(name="Energy", slug="energy"),
        "mobility": SectorFactory(name="Mobility", slug="mobility"),
    }


def error_cells(errors):
    return {(error.line, error.column) for error in errors}


def read_csv_export(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx_export(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def assert_good_rows_created(cluster):
    members = {m.name: m for m in Member.objects.filter(cluster=cluster)}
    assert set(members) == {row[0] for row in GOOD_ROWS}
    acme = members["Acme Robotics Srl"]
    assert acme.member_type == "sme"
    assert acme.country.code == "IT"
    assert acme.size_class == "small"
    assert acme.survey_consent is True
    assert acme.survey_consent_on.isoformat() == "2025-03-01"
    assert acme.joined_on.isoformat() == "2024-01-15"
    assert acme.preferred_language == "it"
    assert acme.organisation_key == "vat:IT01234567890"
    assert sorted(acme.sectors.values_list("slug", flat=True)) == ["energy", "mobility"]
    university = members["Budapest University of Technology"]
    assert university.member_type == "university"
    assert university.country.code == "HU"
    assert list(university.sectors.values_list("slug", flat=True)) == ["energy"]
    association = members["Green Mobility Association"]
    assert association.member_type == "association"
    assert association.preferred_language == "en"
    assert not association.sectors.exists()


# --- Import through the service ---------------------------------------------------------


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: csv_upload([HEADER, *GOOD_ROWS]), id="csv-comma"),
        pytest.param(lambda: csv_upload([HEADER, *GOOD_ROWS], delimiter=";"), id="csv-semicolon"),
        pytest.param(lambda: xlsx_upload([HEADER, *GOOD_ROWS]), id="xlsx"),
    ],
)
def test_service_previews_then_applies_a_good_file(upload, manager_a, cluster_a, sectors):
    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=upload()
    )
    assert parsed.errors == []
    assert member_import is not None
    assert [row["line"] for row in member_import.rows] == [2, 3, 4]
    # The preview writes nothing but the import itself.
    assert not Member.objects.exists()

    created = services.member_import_apply(actor=manager_a, member_import=member_import)

    assert created == 3
    assert_good_rows_created(cluster_a)
    member_import.refresh_from_db()
    assert member_import.status == MemberImport.Status.APPLIED
    assert member_import.applied_at is not None


def test_service_reports_every_bad_row_and_writes_nothing(manager_a, cluster_a, sectors):
    MemberFactory(cluster=cluster_a, name="Existing Member Spa", vat_number="IT999")
    before = Member.objects.count()
    rows = [
        HEADER,
        GOOD_ROWS[0],  # line 2: fine
        ["Bad Mail Srl", "sme", "IT", "", "", "", "", "not-an-email", "", "", "", "", ""],
        ["Existing Again Spa", "sme", "IT", "", "", "it-999", "", "", "", "", "", "", ""],
        ["Acme Clone", "sme", "IT", "", "", "IT 01234567890", "", "", "", "", "", "", ""],
        ["Atlantis Ltd", "sme", "Atlantis", "", "", "", "", "", "", "", "", "", ""],
    ]

    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload(rows)
    )

    assert member_import is None
    assert not parsed.ok
    assert error_cells(parsed.errors) == {
        (3, "contact_email"),
        (4, "name"),
        (5, "name"),
        (6, "country"),
    }
    messages = {}
    for error in parsed.errors:
        messages.setdefault(error.line, []).append(error.message)
    assert any("already a member" in message for message in messages[4])
    assert any("line 2" in message for message in messages[5])
    assert any("Unknown country “Atlantis”" in message for message in messages[6])
    assert Member.objects.count() == before
    assert not MemberImport.objects.exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param([*HEADER, "colour"], {(1, "colour")}, id="unknown-column"),
        pytest.param([c for c in HEADER if c != "country"], {(1, "country")}, id="missing-column"),
    ],
)
def test_service_rejects_a_bad_header(header, expected, manager_a, cluster_a, sectors):
    rows = [header, ["Header Test Srl", "sme", *([""] * (len(header) - 2))]]

    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload(rows)
    )

    assert member_import is None
    assert error_cells(parsed.errors) == expected
    assert not Member.objects.exists()
    assert not MemberImport.objects.exists()


def test_apply_is_all_or_nothing_when_the_cluster_changed(manager_a, cluster_a, sectors):
    member_import, _ = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload([HEADER, *GOOD_ROWS])
    )
    assert member_import is not None
    # Someone adds the file's third organisation between the preview and the apply.
    MemberFactory(cluster=cluster_a, name="Green Mobility Association", country="DE")

    with pytest.raises(ValidationError) as caught:
        services.member_import_apply(actor=manager_a, member_import=member_import)

    assert "Line 4" in caught.value.messages[0]
    # Lines 2 and 3 were fine, yet nothing from the file was created.
    assert list(Member.objects.values_list("name", flat=True)) == ["Green Mobility Association"]
    member_import.refresh_from_db()
    assert member_import.status == MemberImport.Status.PREVIEWED


def test_an_import_cannot_be_applied_twice(manager_a, cluster_a, sectors):
    member_import, _ = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload([HEADER, *GOOD_ROWS])
    )
    services.member_import_apply(actor=manager_a, member_import=member_import)
    assert Member.objects.count() == 3

    with pytest.raises(ValidationError, match="already been applied"):
        services.member_import_apply(actor=manager_a, member_import=member_import)

    assert Member.objects.count() == 3


def test_service_refuses_another_clusters_manager(manager_a, manager_b, cluster_a, sectors):
    with pytest.raises(PermissionDenied):
        services.member_import_preview(
            actor=manager_b, cluster=cluster_a, uploaded_file=csv_upload([HEADER, *GOOD_ROWS])
        )
    assert not MemberImport.objects.exists()

    member_import, _ = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload([HEADER, *GOOD_ROWS])
    )
    with pytest.raises(PermissionDenied):
        services.member_import_apply(actor=manager_b, member_import=member_import)
    assert not Member.objects.exists()
    member_import.refresh_from_db()
    assert member_import.status == MemberImport.Status.PREVIEWED


# --- Import through the pages -------------------------------------------------------------


def import_url(cluster):
    return reverse("clusters:member_import", kwargs={"slug": cluster.slug})


def apply_url(cluster, member_import):
    return reverse(
        "clusters:member_import_apply", kwargs={"slug": cluster.slug, "pk": member_import.pk}
    )


def preview_url(cluster, member_import):
    return reverse(
        "clusters:member_import_preview", kwargs={"slug": cluster.slug, "pk": member_import.pk}
    )


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: csv_upload([HEADER, *GOOD_ROWS], delimiter=";"), id="csv-semicolon"),
        pytest.param(lambda: xlsx_upload([HEADER, *GOOD_ROWS]), id="xlsx"),
    ],
)
def test_page_previews_then_imports_a_good_file(upload, client_for, manager_a, cluster_a, sectors):
    client = client_for(manager_a)

    response = client.post(import_url(cluster_a), {"file": upload()})

    member_import = MemberImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(cluster_a, member_import)
    assert not Member.objects.exists()

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Acme Robotics Srl" in preview.content.decode()
    assert "Green Mobility Association" in preview.content.decode()

    applied = client.post(apply_url(cluster_a, member_import))

    assert applied.status_code == 302
    assert applied["Location"] == f"{reverse('clusters:member_list')}?cluster={cluster_a.slug}"
    assert_good_rows_created(cluster_a)


def test_page_shows_row_errors_with_status_400_and_imports_nothing(
    client_for, manager_a, cluster_a, sectors
):
    MemberFactory(cluster=cluster_a, name="Existing Member Spa", vat_number="IT999")
    rows = [
        HEADER,
        GOOD_ROWS[0],
        ["Bad Mail Srl", "sme", "IT", "", "", "", "", "not-an-email", "", "", "", "", ""],
        ["Existing Again Spa", "sme", "IT", "", "", "IT999", "", "", "", "", "", "", ""],
        ["Acme Clone", "sme", "IT", "", "", "IT01234567890", "", "", "", "", "", "", ""],
        ["Atlantis Ltd", "sme", "Atlantis", "", "", "", "", "", "", "", "", "", ""],
    ]

    response = client_for(manager_a).post(import_url(cluster_a), {"file": csv_upload(rows)})

    assert response.status_code == 400
    assert error_cells(response.context["errors"]) == {
        (3, "contact_email"),
        (4, "name"),
        (5, "name"),
        (6, "country"),
    }
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "<td>contact_email</td>" in body
    assert Member.objects.count() == 1
    assert not MemberImport.objects.exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param([*HEADER, "colour"], {(1, "colour")}, id="unknown-column"),
        pytest.param([c for c in HEADER if c != "country"], {(1, "country")}, id="missing-column"),
    ],
)
def test_page_rejects_a_bad_header(header, expected, client_for, manager_a, cluster_a, sectors):
    rows = [header, ["Header Test Srl", "sme", *([""] * (len(header) - 2))]]

    response = client_for(manager_a).post(import_url(cluster_a), {"file": xlsx_upload(rows)})

    assert response.status_code == 400
    assert error_cells(response.context["errors"]) == expected
    assert not Member.objects.exists()
    assert not MemberImport.objects.exists()


def test_page_apply_is_all_or_nothing_when_the_cluster_changed(
    client_for, manager_a, cluster_a, sectors
):
    client = client_for(manager_a)
    client.post(import_url(cluster_a), {"file": csv_upload([HEADER, *GOOD_ROWS])})
    member_import = MemberImport.objects.get()
    MemberFactory(cluster=cluster_a, name="Other Name", vat_number="IT01234567890")

    response = client.post(apply_url(cluster_a, member_import), follow=True)

    assert response.redirect_chain[-1][0] == import_url(cluster_a)
    assert "Nothing was imported" in response.content.decode()
    assert list(Member.objects.values_list("name", flat=True)) == ["Other Name"]
    member_import.refresh_from_db()
    assert member_import.status == MemberImport.Status.PREVIEWED


def test_page_cannot_apply_an_import_twice(client_for, manager_a, cluster_a, sectors):
    client = client_for(manager_a)
    client.post(import_url(cluster_a), {"file": csv_upload([HEADER, *GOOD_ROWS])})
    member_import = MemberImport.objects.get()
    client.post(apply_url(cluster_a, member_import))
    assert Member.objects.count() == 3

    response = client.post(apply_url(cluster_a, member_import), follow=True)

    assert "already been applied" in response.content.decode()
    assert Member.objects.count() == 3


def test_page_refuses_another_clusters_manager(
    client_for, manager_a, manager_b, cluster_a, cluster_b, sectors
):
    member_import, _ = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload([HEADER, *GOOD_ROWS])
    )
    client = client_for(manager_b)

    assert client.get(import_url(cluster_a)).status_code == 404
    upload = csv_upload([HEADER, *GOOD_ROWS])
    assert client.post(import_url(cluster_a), {"file": upload}).status_code == 404
    assert client.get(preview_url(cluster_a, member_import)).status_code == 404
    assert client.post(apply_url(cluster_a, member_import)).status_code == 404
    # Nor through B's own URL with A's import.
    assert client.get(preview_url(cluster_b, member_import)).status_code == 404
    assert client.post(apply_url(cluster_b, member_import)).status_code == 404

    assert not Member.objects.exists()
    assert MemberImport.objects.count() == 1
    member_import.refresh_from_db()
    assert member_import.status == MemberImport.Status.PREVIEWED


# --- Export -----------------------------------------------------------------------------


@pytest.fixture
def two_clusters_of_members(cluster_a, cluster_b, sectors):
    mine = MemberFactory(cluster=cluster_a, name="Alpha Member Srl")
    mine.sectors.set([sectors["energy"], sectors["mobility"]])
    theirs = MemberFactory(cluster=cluster_b, name="Beta Member Kft", country="HU")
    return mine, theirs


def test_csv_export_contains_only_visible_members(
    client_for, manager_a, coordinator, two_clusters_of_members
):
    rows = read_csv_export(client_for(manager_a).get("/members/?export=csv"))

    assert [row["name"] for row in rows] == ["Alpha Member Srl"]
    assert rows[0]["cluster"] == "ALPHA"
    assert rows[0]["sectors"] == "energy;mobility"
    assert list(rows[0]) == member_io.EXPORT_COLUMNS

    everyone = read_csv_export(client_for(coordinator).get("/members/?export=csv"))
    assert {row["name"] for row in everyone} == {"Alpha Member Srl", "Beta Member Kft"}


def test_xlsx_export_contains_only_visible_members(
    client_for, manager_a, coordinator, two_clusters_of_members
):
    rows = read_xlsx_export(client_for(manager_a).get("/members/?export=xlsx"))

    assert [row["name"].value for row in rows] == ["Alpha Member Srl"]
    assert rows[0]["cluster"].value == "ALPHA"

    everyone = read_xlsx_export(client_for(coordinator).get("/members/?export=xlsx"))
    assert {row["name"].value for row in everyone} == {"Alpha Member Srl", "Beta Member Kft"}


def test_export_respects_the_list_filters(client_for, coordinator, two_clusters_of_members):
    rows = read_csv_export(client_for(coordinator).get("/members/?cluster=beta&export=csv"))
    assert [row["name"] for row in rows] == ["Beta Member Kft"]


FORMULAS = ['=HYPERLINK("http://x")', "+SUM(1,2)", "-2+3", "@cmd"]


@pytest.fixture
def formula_members(cluster_a):
    return [MemberFactory(cluster=cluster_a, name=name) for name in FORMULAS]


def test_csv_export_defuses_formulas(client_for, manager_a, cluster_a, formula_members):
    MemberFactory(cluster=cluster_a, name="Plain Name Srl", contact_name="=1+1")

    rows = read_csv_export(client_for(manager_a).get("/members/?export=csv"))

    names = {row["name"] for row in rows}
    assert names == {"'" + name for name in FORMULAS} | {"Plain Name Srl"}
    assert {row["contact_name"] for row in rows} == {"Anna Rossi", "'=1+1"}


def test_xlsx_export_defuses_formulas(client_for, manager_a, formula_members):
    rows = read_xlsx_export(client_for(manager_a).get("/members/?export=xlsx"))

    cells = [row["name"] for row in rows]
    assert {cell.value for cell in cells} == {"'" + name for name in FORMULAS}
    # Stored as text, never as a formula the spreadsheet would run.
    assert {cell.data_type for cell in cells} == {"s"}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_reimports_into_another_cluster(
    kind, client_for, manager_a, manager_b, cluster_a, cluster_b, sectors
):
    first = MemberFactory(
        cluster=cluster_a,
        name="Round Trip Srl",
        member_type="research",
        size_class="medium",
        vat_number="IT555",
        contact_email="rt@example.com",
        preferred_language="it",
        survey_consent=True,
        survey_consent_on="2025-02-03",
        joined_on="2024-01-01",
        left_on="2025-06-30",
    )
    first.sectors.set([sectors["energy"], sectors["mobility"]])
    MemberFactory(cluster=cluster_a, name="Second One", member_type="large_company", size_class="")
    export = client_for(manager_a).get(f"/members/?export={kind}")
    assert export.status_code == 200
    upload = SimpleUploadedFile(f"export.{kind}", export.getvalue())

    member_import, parsed = services.member_import_preview(
        actor=manager_b, cluster=cluster_b, uploaded_file=upload
    )

    assert parsed.errors == []
    services.member_import_apply(actor=manager_b, member_import=member_import)
    copies = {m.name: m for m in Member.objects.filter(cluster=cluster_b)}
    assert set(copies) == {"Round Trip Srl", "Second One"}
    copy = copies["Round Trip Srl"]
    for name in Member.EDITABLE_FIELDS:
        assert getattr(copy, name) == getattr(Member.objects.get(pk=first.pk), name), name
    assert copy.organisation_key == first.organisation_key
    assert sorted(copy.sectors.values_list("slug", flat=True)) == ["energy", "mobility"]
    assert copies["Second One"].member_type == "large_company"
    # Cluster A still has exactly its own two rows.
    assert Member.objects.filter(cluster=cluster_a).count() == 2


# --- Unreadable files and edge cases ------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        pytest.param(
            lambda: SimpleUploadedFile("members.xlsx", b"this is not a zip file"),
            {(1, "")},
            id="garbage-xlsx",
        ),
        pytest.param(
            lambda: SimpleUploadedFile(
                "members.csv", "name,type,country\nCafé Ürdög,sme,HU\n".encode("latin-1")
            ),
            {(1, "")},
            id="latin-1-csv",
        ),
        pytest.param(
            lambda: csv_upload([HEADER]),
            {(2, "")},
            id="header-only",
        ),
        pytest.param(
            lambda: csv_upload([["name", "colour"], ["Only Name", "blue"]]),
            {(1, "colour"), (1, "type"), (1, "country")},
            id="unknown-and-missing",
        ),
    ],
)
def test_page_reports_an_unusable_file(upload, expected, client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(import_url(cluster_a), {"file": upload()})

    assert response.status_code == 400
    assert error_cells(response.context["errors"]) == expected
    assert not Member.objects.exists()
    assert not MemberImport.objects.exists()


def test_page_refuses_a_file_that_is_not_csv_or_xlsx(client_for, manager_a, cluster_a):
    upload = SimpleUploadedFile("members.txt", b"name,type,country\nA,sme,IT\n")

    response = client_for(manager_a).post(import_url(cluster_a), {"file": upload})

    assert response.status_code == 400  # the upload form again, with the field's error
    assert response.context["form"].errors["file"] == ["Upload a .csv or .xlsx file."]
    assert not Member.objects.exists()
    assert not MemberImport.objects.exists()


def test_xlsx_date_and_number_cells_import(manager_a, cluster_a, sectors):
    import datetime as dt

    rows = [
        [
            "name",
            "type",
            "country",
            "vat_number",
            "survey_consent",
            "survey_consent_on",
            "joined_on",
        ],
        [
            "Dated Srl",
            "sme",
            "IT",
            12345678901,
            "yes",
            dt.datetime(2025, 3, 1),
            dt.date(2024, 1, 15),
        ],
    ]

    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=xlsx_upload(rows)
    )
    assert parsed.errors == []
    services.member_import_apply(actor=manager_a, member_import=member_import)

    member = Member.objects.get()
    assert member.vat_number == "12345678901"
    assert member.survey_consent_on == dt.date(2025, 3, 1)
    assert member.joined_on == dt.date(2024, 1, 15)


def test_apply_fails_cleanly_when_a_sector_was_removed_after_the_preview(
    client_for, manager_a, cluster_a, sectors
):
    client = client_for(manager_a)
    client.post(import_url(cluster_a), {"file": csv_upload([HEADER, *GOOD_ROWS])})
    member_import = MemberImport.objects.get()
    sectors["mobility"].delete()

    with pytest.raises(ValidationError, match="mobility"):
        services.member_import_apply(actor=manager_a, member_import=member_import)
    response = client.post(apply_url(cluster_a, member_import), follow=True)

    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert not Member.objects.exists()
    member_import.refresh_from_db()
    assert member_import.status == MemberImport.Status.PREVIEWED


def test_exported_formula_like_names_reimport_as_they_were(
    client_for, coordinator, cluster_a, cluster_b, sectors
):
    MemberFactory(cluster=cluster_a, name="-Minus Foods Srl", vat_number="IT111")
    MemberFactory(cluster=cluster_a, name="@Home Energy Srl", vat_number="IT222")
    client = client_for(coordinator)
    exported = client.get("/members/", {"cluster": cluster_a.slug, "export": "csv"})
    upload = SimpleUploadedFile("export.csv", exported.getvalue())

    member_import, parsed = services.member_import_preview(
        actor=coordinator, cluster=cluster_b, uploaded_file=upload
    )

    assert parsed.errors == []
    services.member_import_apply(actor=coordinator, member_import=member_import)
    assert sorted(cluster_b.members.values_list("name", flat=True)) == [
        "-Minus Foods Srl",
        "@Home Energy Srl",
    ]


def test_an_unknown_country_is_one_error_not_two(manager_a, cluster_a, sectors):
    upload = csv_upload([["name", "type", "country"], ["Good Srl", "sme", "Atlantis"]])

    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=upload
    )

    assert member_import is None
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "country")]
    assert "Atlantis" in parsed.errors[0].message


def test_an_xlsx_that_breaks_half_way_is_one_clear_error(manager_a, cluster_a, sectors):
    import zipfile

    rows = [["name", "type", "country"]] + [[f"Member {n} Srl", "SME", "IT"] for n in range(20)]
    good = xlsx_upload(rows).read()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b"</row>", len(data) // 2)]  # cut inside the rows
            target.writestr(item, data)
    upload = SimpleUploadedFile("members.xlsx", broken.getvalue(), content_type=XLSX_TYPE)

    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=upload
    )

    assert member_import is None
    assert [(error.line, error.column) for error in parsed.errors] == [(1, "")]
    assert not Member.objects.exists()


def test_a_file_with_too_many_rows_is_refused(manager_a, cluster_a, sectors, monkeypatch):
    monkeypatch.setattr(member_io, "MAX_ROWS", 3)
    rows = [["name", "type", "country"]] + [[f"Member {n} Srl", "SME", "IT"] for n in range(5)]

    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload(rows)
    )

    assert member_import is None
    assert [error.message for error in parsed.errors] == ["More than 3 rows."]


def test_quotes_inside_names_survive_a_round_trip(client_for, coordinator, cluster_a, cluster_b):
    for number in range(30):  # the quoted name comes after the first 4 KB of the file
        MemberFactory(cluster=cluster_a, name=f"Plain Member {number:02d} Srl")
    MemberFactory(cluster=cluster_a, name='Zeta "La Rocca" Srl', vat_number="IT999")
    exported = client_for(coordinator).get("/members/", {"cluster": "alpha", "export": "csv"})
    upload = SimpleUploadedFile("export.csv", exported.getvalue())

    member_import, parsed = services.member_import_preview(
        actor=coordinator, cluster=cluster_b, uploaded_file=upload
    )

    assert parsed.errors == []
    assert 'Zeta "La Rocca" Srl' in [row["name"] for row in member_import.rows]


def test_a_doubled_quote_in_the_first_row_is_read(manager_a, cluster_a, sectors):
    upload = SimpleUploadedFile(
        "members.csv",
        b'name,type,country,contact_name\n"Acme ""Big"" Srl",SME,IT,"Rossi, Mario"\n',
    )
    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=upload
    )
    assert parsed.errors == []
    assert member_import.rows[0]["name"] == 'Acme "Big" Srl'
    assert member_import.rows[0]["contact_name"] == "Rossi, Mario"


def test_a_column_given_twice_is_an_error(manager_a, cluster_a, sectors):
    upload = csv_upload([["name", "type", "country", "name"], ["A Srl", "SME", "IT", "B Srl"]])
    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=upload
    )
    assert member_import is None
    assert [(e.line, e.column) for e in parsed.errors] == [(1, "name")]


def test_what_the_preview_accepts_the_apply_accepts(manager_a, cluster_a, sectors):
    long_email = "a" * 250 + "@x.example"
    upload = csv_upload(
        [
            ["name", "type", "country", "contact_email", "contact_name"],
            ["Long Mail Srl", "SME", "IT", long_email, ""],
            ["Bell\x07 Srl", "SME", "IT", "", ""],
            ["Quiet Srl", "SME", "IT", "", "Ann\x1b Rossi"],
        ]
    )
    member_import, parsed = services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=upload
    )
    assert member_import is None
    assert error_cells(parsed.errors) == {(2, "contact_email"), (3, "name"), (4, "contact_name")}


def test_exports_drop_control_characters_instead_of_failing(client_for, manager_a, cluster_a):
    member = MemberFactory(cluster=cluster_a, name="Ok Srl")
    Member.objects.filter(pk=member.pk).update(name="Acme\x01 Tools")  # as old data might be
    client = client_for(manager_a)

    xlsx = client.get("/members/", {"export": "xlsx"})
    csv_export = client.get("/members/", {"export": "csv"})

    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=2).value == "Acme Tools"
    assert "Acme Tools" in csv_export.getvalue().decode("utf-8-sig")


def test_exports_write_the_type_code_that_imports_in_any_language(client_for, manager_a, cluster_a):
    from django.utils import translation

    MemberFactory(cluster=cluster_a, member_type="large_company")
    client = client_for(manager_a)
    client.cookies["django_language"] = "it"
    rows = read_csv_export(client.get("/members/", {"export": "csv"}))
    translation.deactivate()
    assert [row["type"] for row in rows] == ["large_company"]


@pytest.mark.parametrize("members", [7, 13])
def test_the_export_reads_members_in_chunks_one_sector_query_each(
    cluster_a, cluster_b, django_assert_num_queries, members
):
    """One query for the members (a server-side cursor) and one per chunk for their
    sectors, whatever the number of members; the rows are the page's order and sectors."""
    energy, mobility = (
        SectorFactory(slug="energy", name="Energy"),
        SectorFactory(slug="mobility", name="Mobility"),
    )
    for number in range(members):
        member = MemberFactory(
            cluster=cluster_a, name=f"Member {number:02}", vat_number=f"V{number}"
        )
        member.sectors.set([mobility, energy][: number % 3])
    MemberFactory(cluster=cluster_b, name="Not in the queryset")
    queryset = Member.objects.filter(cluster=cluster_a).order_by("-name", "pk")
    chunks_expected = -(-members // 3)
    with django_assert_num_queries(1 + chunks_expected):
        chunks = list(member_io.member_export_chunks(queryset, chunk_size=3))
    assert [len(chunk) for chunk in chunks] == [3] * (members // 3) + (
        [members % 3] if members % 3 else []
    )
    rows = [row for chunk in chunks for row in chunk]
    assert [row[1] for row in rows] == [f"Member {n:02}" for n in reversed(range(members))]
    by_name = {row[1]: row for row in rows}
    assert by_name["Member 00"][5] == ""
    assert by_name["Member 01"][5] == "mobility"
    assert by_name["Member 02"][5] == "energy;mobility"  # the sectors' own order (by name)
    assert all(row[0] == cluster_a.acronym for row in rows)


def test_the_csv_export_is_streamed(client_for, coordinator, cluster_a):
    MemberFactory(cluster=cluster_a, name="=cmd|' /C calc'!A0")
    response = client_for(coordinator).get("/members/?export=csv")
    assert response.streaming
    rows = read_csv_export(response)
    assert rows[0]["name"] == "'=cmd|' /C calc'!A0"  # still written as text, not a formula
