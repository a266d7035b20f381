"""CSV (streamed) and XLSX (openpyxl write-only) files of a dataset's rows, every text
cell a spreadsheet would run as a formula escaped (clusters.member_io.spreadsheet_safe)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from clusters.member_io import spreadsheet_safe

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    return spreadsheet_safe(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(header: Sequence, rows: Iterable[Sequence], *, batch: int = 500) -> Iterator[bytes]:
    """The file in pieces of ``batch`` lines (a BOM first: Excel then reads UTF-8), for a
    streaming response: memory stays flat however many rows there are."""
    writer = csv.writer(_Echo())
    lines = ["\ufeff" + writer.writerow([cell(c) for c in header])]
    for row in rows:
        lines.append(writer.writerow([cell(v) for v in row]))
        if len(lines) >= batch:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def xlsx_file(header: Sequence, rows: Iterable[Sequence], *, sheet_name: str):
    """An open temporary file holding the workbook: write-only mode keeps rows out of
    memory, and the file spills to disk past a few MB."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    # A sheet title cannot hold : \\ / ? * [ ] (a translated title may).
    title = re.sub(r"[:\\/?*\[\]]", " ", sheet_name).strip()[:31]
    sheet = workbook.create_sheet(title or "Data")
    sheet.append([cell(c) for c in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    workbook.save(output)
    output.seek(0)
    return output
