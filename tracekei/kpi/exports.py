"""The drill-down list as CSV or XLSX, cells a spreadsheet would run as formulas escaped."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from clusters.member_io import spreadsheet_safe


def _cell(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return value
    if value is None:
        return ""
    return spreadsheet_safe(str(value))


def rows_for_export(columns, rows) -> tuple[list[str], list[list]]:
    return [spreadsheet_safe(str(c)) for c in columns], [[_cell(v) for v in row] for row in rows]


def write_csv(columns, rows) -> bytes:
    header, body = rows_for_export(columns, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def write_xlsx(columns, rows, *, sheet_name: str) -> bytes:
    from openpyxl import Workbook

    header, body = rows_for_export(columns, rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31] or "Evidence")
    sheet.append(header)
    for row in body:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
