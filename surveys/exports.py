"""A campaign's answers as CSV (streamed) or XLSX: one row per submitted response, cells a
spreadsheet would run as formulas escaped (clusters.member_io.spreadsheet_safe)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from clusters.member_io import spreadsheet_safe


class _Line:
    """A file-like object csv.writer writes one line into, handed back at once."""

    def write(self, value: str) -> str:
        return value


def _cell(value):
    if value is None:
        return ""
    return spreadsheet_safe(value)


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The CSV, line by line (for a StreamingHttpResponse), with a BOM for Excel."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([_cell(h) for h in header])).encode("utf-8")
    for row in rows:
        yield writer.writerow([_cell(value) for value in row]).encode("utf-8")


def xlsx_bytes(header: list[str], rows: Iterable[list], *, sheet_name: str = "Answers") -> bytes:
    """The workbook, written row by row (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    sheet.append([_cell(h) for h in header])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register(registry) -> None:
    """The survey answers in the portal's dataset exports (``tracekei.exports``)."""
    from django.utils.translation import gettext_lazy as _

    from .results import answer_rows

    registry.add("survey-answers", _("Survey answers"), answer_rows, app="surveys")
