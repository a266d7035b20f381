"""Member files: reading a CSV/XLSX upload into checked rows, and writing exports.

Reading never writes to the database: it returns the rows it understood and,
for every row it did not, the line number and the reason. clusters.services
applies a clean file as a whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from .models import Member, MemberType, Sector, SizeClass, no_control_characters

#: Column name -> what it holds. The first three are required.
COLUMNS = {
    "name": gettext_lazy("Organisation name"),
    "type": gettext_lazy(
        "SME, large company, research organisation, university, association, public body or other"
    ),
    "country": gettext_lazy("ISO code (IT) or English name (Italy)"),
    "size_class": gettext_lazy("micro, small, medium or large"),
    "sectors": gettext_lazy("sector names or codes separated by ';'"),
    "vat_number": gettext_lazy("VAT or registration number"),
    "contact_name": gettext_lazy("Contact person"),
    "contact_email": gettext_lazy("Contact e-mail"),
    "preferred_language": gettext_lazy("en, it, hu, de, pt, ro, bg or sr-latn"),
    "survey_consent": gettext_lazy("yes or no"),
    "survey_consent_on": gettext_lazy("date (YYYY-MM-DD)"),
    "joined_on": gettext_lazy("date (YYYY-MM-DD)"),
    "left_on": gettext_lazy("date (YYYY-MM-DD)"),
}
REQUIRED_COLUMNS = ("name", "type", "country")
#: Written by the exports but not read back: an import goes into the page's cluster.
IGNORED_COLUMNS = ("cluster",)
MAX_ROWS = 5000
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[str(value).casefold()] = value
        lookup[str(label).casefold()] = value
    return lookup


_TYPE_LOOKUP = _choice_lookup(MemberType.choices)
_SIZE_LOOKUP = {
    **_choice_lookup(SizeClass.choices),
    **{value: value for value in SizeClass.values},
}


def _country(value: str) -> str | None:
    value = value.strip()
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    code = countries.by_name(value)
    return code or None


class MemberRowForm(forms.Form):
    """One row of a member file, after the lookups above have normalised its values."""

    # The same limits as the model, so a row the preview accepts is one the apply accepts.
    name = forms.CharField(max_length=255, validators=[no_control_characters])
    member_type = forms.ChoiceField(choices=MemberType.choices)
    country = forms.CharField(max_length=2)
    size_class = forms.ChoiceField(choices=[("", ""), *SizeClass.choices], required=False)
    vat_number = forms.CharField(max_length=40, required=False, validators=[no_control_characters])
    contact_name = forms.CharField(
        max_length=150, required=False, validators=[no_control_characters]
    )
    contact_email = forms.EmailField(max_length=254, required=False)
    preferred_language = forms.ChoiceField(choices=settings.LANGUAGES, required=False)
    survey_consent = forms.BooleanField(required=False)
    survey_consent_on = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    joined_on = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    left_on = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def clean(self):
        data = super().clean()
        if data.get("survey_consent") and not data.get("survey_consent_on"):
            self.add_error("survey_consent_on", _("Give the date the consent was given."))
        joined, left = data.get("joined_on"), data.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("A member cannot leave before it joined."))
        return data


_FORM_TO_COLUMN = {"member_type": "type"}
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in _FORMULA_PREFIXES:
        return value[1:].strip()  # undo spreadsheet_safe(): an exported file imports as it was
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Semicolons(csv.excel):
    delimiter = ";"


class _Tabs(csv.excel):
    delimiter = "\t"


def _csv_dialect(text: str) -> type[csv.Dialect]:
    """Excel's quoting rules, with the delimiter the header line uses (, ; or tab).

    Guessing the whole dialect from a sample gets quoting wrong when the sample has no
    doubled quotes, and would silently change names like Officina "La Rocca" Srl."""
    header = text.split("\n", 1)[0]
    counts = {",": header.count(","), ";": header.count(";"), "\t": header.count("\t")}
    delimiter = max(counts, key=counts.get)
    return {";": _Semicolons, "\t": _Tabs}.get(delimiter, csv.excel)


def _read_table(uploaded) -> list:
    """The header and up to MAX_ROWS + 1 rows, read whole here so that a file that breaks
    half-way is one clear error, not a failure in the middle of the checks."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(uploaded, read_only=True, data_only=True)
        try:
            return list(islice(workbook.active.iter_rows(values_only=True), MAX_ROWS + 2))
        finally:
            workbook.close()
    if name.endswith(".csv"):
        text = uploaded.read().decode("utf-8-sig")
        return list(islice(csv.reader(io.StringIO(text), _csv_dialect(text)), MAX_ROWS + 2))
    raise ValueError(_("Upload a .csv or .xlsx file."))


def parse_member_file(uploaded, *, existing_keys: Iterable[str] = ()) -> ParsedFile:
    """Read and check every row. ``existing_keys`` are the cluster's current members."""
    result = ParsedFile()
    try:
        table = iter(_read_table(uploaded))
        header = [_cell_text(cell).casefold().replace(" ", "_") for cell in next(table, [])]
    except (ValueError, UnicodeDecodeError, csv.Error, OSError) as error:
        message = str(error) if isinstance(error, ValueError) else _("The file cannot be read.")
        result.errors.append(RowError(1, "", message))
        return result
    except Exception:  # openpyxl raises a zoo of errors for a file that is not a workbook
        result.errors.append(RowError(1, "", _("The file is not a readable .xlsx workbook.")))
        return result

    while header and header[-1] == "":
        header.pop()
    for column in sorted({c for c in header if c and header.count(c) > 1}):
        result.errors.append(RowError(1, column, _("Column “%s” appears twice.") % column))
    unknown = [
        column for column in header if column not in COLUMNS and column not in IGNORED_COLUMNS
    ]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    for column in unknown:
        result.errors.append(
            RowError(
                1, column, _("Unknown column “%s”; expected: %s.") % (column, ", ".join(COLUMNS))
            )
        )
    for column in missing:
        result.errors.append(RowError(1, column, _("Required column “%s” is missing.") % column))
    if result.errors:
        return result

    sectors = {}
    for sector in Sector.objects.all():  # a sector by its code or its name
        sectors[sector.slug] = sectors[sector.name.casefold()] = sector.slug
    seen: dict[str, int] = {}
    existing = set(existing_keys)

    for line, cells in enumerate(table, start=2):
        values = {
            column: _cell_text(cell)
            for column, cell in zip(header, cells, strict=False)
            if column not in IGNORED_COLUMNS
        }
        if not any(values.values()):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(RowError(line, "", _("More than %d rows.") % MAX_ROWS))
            break
        checked = _check_row(line, values, sectors, result)
        if checked is None:  # its errors are in result.errors
            continue
        row, key = checked
        if key in existing:
            result.errors.append(
                RowError(line, "name", _("%s is already a member of this cluster.") % row["name"])
            )
        elif key in seen:
            result.errors.append(
                RowError(line, "name", _("Same organisation as line %d.") % seen[key])
            )
        else:
            seen[key] = line
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", _("The file has no member rows.")))
    return result


def _check_row(line: int, values: dict, sectors: dict, result: ParsedFile):
    errors_before = len(result.errors)
    data = {
        "name": values.get("name", ""),
        "member_type": _TYPE_LOOKUP.get(values.get("type", "").casefold(), values.get("type")),
        "country": _country(values.get("country", "")) or values.get("country", ""),
        "size_class": _SIZE_LOOKUP.get(values.get("size_class", "").casefold(), ""),
        "vat_number": values.get("vat_number", ""),
        "contact_name": values.get("contact_name", ""),
        "contact_email": values.get("contact_email", ""),
        "preferred_language": values.get("preferred_language", "").lower() or "en",
        "survey_consent": values.get("survey_consent", "").casefold() in _TRUE,
        "survey_consent_on": values.get("survey_consent_on", ""),
        "joined_on": values.get("joined_on", ""),
        "left_on": values.get("left_on", ""),
    }
    if values.get("size_class") and not data["size_class"]:
        result.errors.append(RowError(line, "size_class", _("Unknown size class.")))
    consent = values.get("survey_consent", "").casefold()
    if consent not in _TRUE | _FALSE:
        result.errors.append(RowError(line, "survey_consent", _("Write yes or no.")))
    if data["country"] and not _country(data["country"]):
        result.errors.append(
            RowError(line, "country", _("Unknown country “%s”.") % values.get("country"))
        )
    sector_slugs = []
    for sector in filter(None, (s.strip() for s in values.get("sectors", "").split(";"))):
        slug = sectors.get(sector.casefold())
        if slug is None:
            result.errors.append(RowError(line, "sectors", _("Unknown sector “%s”.") % sector))
        else:
            sector_slugs.append(slug)

    form = MemberRowForm(data)
    if not form.is_valid():
        already = {error.column for error in result.errors[errors_before:]}
        for field_name, messages in form.errors.items():
            column = _FORM_TO_COLUMN.get(field_name, field_name)
            if column in already:  # one clear reason per cell is enough
                continue
            for message in messages:
                result.errors.append(RowError(line, column, message))
    if len(result.errors) > errors_before:
        return None
    row = {
        key: (value.isoformat() if isinstance(value, dt.date) else value)
        for key, value in form.cleaned_data.items()
    }
    row["preferred_language"] = row["preferred_language"] or "en"
    row["sectors"] = sector_slugs
    row["line"] = line
    key = Member.make_organisation_key(
        name=row["name"], country=row["country"], vat_number=row["vat_number"]
    )
    return row, key


# --- Exports ------------------------------------------------------------------

EXPORT_COLUMNS = ["cluster", *COLUMNS]


def spreadsheet_safe(value) -> object:
    """A cell a spreadsheet would run as a formula is written as text (OWASP CSV injection);
    control characters, which XLSX cannot hold, are dropped rather than failing the file."""
    if not isinstance(value, str):
        return value
    value = _CONTROL_CHARACTERS.sub("", value)
    if value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


#: Members read per round trip by an export (and their sectors in one query per chunk).
EXPORT_CHUNK_SIZE = 2000
_EXPORT_FIELDS = (
    "pk",
    "cluster__acronym",
    "name",
    "member_type",  # the code, not the label: it imports back in any language
    "country",
    "size_class",
    "vat_number",
    "contact_name",
    "contact_email",
    "preferred_language",
    "survey_consent",
    "survey_consent_on",
    "joined_on",
    "left_on",
)


def member_export_chunks(
    members: QuerySet[Member], *, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[list[list]]:
    """The export's rows, ``chunk_size`` at a time, in the queryset's order: one query for
    the members (plain values read from a server-side cursor, no model instances) and one
    for the sectors of each chunk."""
    values = (
        members.select_related(None).prefetch_related(None).values_list(*_EXPORT_FIELDS)
    ).iterator(chunk_size=chunk_size)
    through = Member.sectors.through
    while chunk := list(islice(values, chunk_size)):
        sectors: dict[int, list[str]] = {}
        for member_pk, slug in (
            through.objects.filter(member_id__in=[row[0] for row in chunk])
            .order_by("sector__name", "sector__pk")  # a sector's own order, as on the page
            .values_list("member_id", "sector__slug")
        ):
            sectors.setdefault(member_pk, []).append(slug)
        safe = spreadsheet_safe  # on the free text only: codes, dates and "yes" need none
        yield [
            [
                safe(acronym),
                safe(name),
                member_type,
                country,
                size_class,
                safe(";".join(sectors.get(pk, ()))),
                safe(vat_number),
                safe(contact_name),
                safe(contact_email),
                language,
                "yes" if consent else "no",
                _iso(consent_on),
                _iso(joined_on),
                _iso(left_on),
            ]
            for (
                pk,
                acronym,
                name,
                member_type,
                country,
                size_class,
                vat_number,
                contact_name,
                contact_email,
                language,
                consent,
                consent_on,
                joined_on,
                left_on,
            ) in chunk
        ]


def member_export_rows(members: QuerySet[Member]) -> Iterator[list]:
    for chunk in member_export_chunks(members):
        yield from chunk


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def write_csv(rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8 correctly


def stream_csv(chunks: Iterable[list[list]]) -> Iterator[bytes]:
    """The same file as ``write_csv``, one piece per chunk of rows (the header at once)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # BOM: Excel reads UTF-8 correctly
    writer.writerow(EXPORT_COLUMNS)
    yield buffer.getvalue().encode("utf-8")
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(rows)
        yield buffer.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Members")
    sheet.append(EXPORT_COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
