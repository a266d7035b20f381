"""The writers: escaping, values, and a CSV streamed in pieces that reads back whole."""

import csv
import datetime as dt
import io
from decimal import Decimal

from tracekei.exports import writers


def test_cells():
    assert writers.cell("=1+1") == "'=1+1"
    assert writers.cell("-x") == "'-x"
    assert writers.cell("@me") == "'@me"
    assert writers.cell("+39 080") == "'+39 080"
    assert writers.cell("plain") == "plain"
    assert writers.cell(-3) == -3  # a number stays a number
    assert writers.cell(Decimal("1.50")) == Decimal("1.50")
    assert writers.cell(None) == ""
    assert writers.cell(True) == "yes"
    assert writers.cell(dt.date(2018, 11, 15)) == "2018-11-15"
    assert writers.cell("bell\x07") == "bell"  # XLSX cannot hold control characters


def test_csv_streams_in_pieces_and_reads_back():
    rows = [[f"name {n}", n, "=cmd"] for n in range(1234)]
    pieces = list(writers.csv_chunks(["name", "number", "formula"], rows, batch=100))
    assert len(pieces) == 13
    text = b"".join(pieces).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0] == ["name", "number", "formula"]
    assert read[1:] == [[f"name {n}", str(n), "'=cmd"] for n in range(1234)]


def test_xlsx_sheet_title_is_cleaned():
    from openpyxl import load_workbook

    output = writers.xlsx_file(["a"], [["b"]], sheet_name="Indicators: history [x]")
    sheet = load_workbook(io.BytesIO(output.read()), read_only=True).active
    output.close()
    assert ":" not in sheet.title and "[" not in sheet.title
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [["a"], ["b"]]
