"""Delivery files: a CSV/XLSX upload of one service's deliveries, read into checked rows.

Reading never writes: it returns the deliveries it understood and, for every row it did
not, the line number and the reason. services.services records a clean file whole.
The file reading itself (Excel quoting, size bounds, broken workbooks) is the member
import's, reused from clusters.member_io.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.member_io import MAX_ROWS, RowError, _cell_text, _read_table
from clusters.models import Member

from .models import Service, ServiceDelivery
from .services import DeliveryItem, delivery_problems

COLUMNS = {
    "member": gettext_lazy("Member name, as in the member list"),
    "vat_number": gettext_lazy("VAT or registration number (wins over the name)"),
    "delivered_on": gettext_lazy("date (YYYY-MM-DD)"),
    "hours": gettext_lazy("hours, optional"),
    "outcome": gettext_lazy("outcome, optional"),
}
REQUIRED_COLUMNS = ("member", "delivered_on")
_HOURS = ServiceDelivery._meta.get_field("hours")
_OUTCOME = ServiceDelivery._meta.get_field("outcome")


@dataclass
class ParsedDeliveries:
    items: list[DeliveryItem] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.items)


def parse_delivery_file(uploaded, *, service: Service) -> ParsedDeliveries:
    result = ParsedDeliveries()
    try:
        table = iter(_read_table(uploaded))
        header = [_cell_text(cell).casefold().replace(" ", "_") for cell in next(table, [])]
    except (ValueError, UnicodeDecodeError, csv.Error, OSError) as error:
        message = str(error) if isinstance(error, ValueError) else _("The file cannot be read.")
        result.errors.append(RowError(1, "", message))
        return result
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        result.errors.append(RowError(1, "", _("The file is not a readable .xlsx workbook.")))
        return result
    while header and header[-1] == "":
        header.pop()
    for column in header:
        if column not in COLUMNS:
            result.errors.append(
                RowError(
                    1,
                    column,
                    _("Unknown column “%(column)s”; expected: %(expected)s.")
                    % {"column": column, "expected": ", ".join(COLUMNS)},
                )
            )
    for column in REQUIRED_COLUMNS:
        if column not in header:
            result.errors.append(
                RowError(1, column, _("Required column “%s” is missing.") % column)
            )
    if result.errors:
        return result

    members = list(Member.objects.filter(cluster_id=service.cluster_id))
    by_vat = {
        "".join(ch for ch in m.vat_number.upper() if ch.isalnum()): m
        for m in members
        if m.vat_number
    }
    by_name: dict[str, list[Member]] = {}
    for member in members:
        by_name.setdefault(member.name.casefold().strip(), []).append(member)
    project = service.cluster.project
    seen: dict[tuple[int, dt.date], int] = {}

    for line, cells in enumerate(table, start=2):
        values = {column: _cell_text(cell) for column, cell in zip(header, cells, strict=False)}
        if not any(values.values()):
            continue
        if len(result.items) + len(result.errors) >= MAX_ROWS:
            result.errors.append(RowError(line, "", _("More than %d rows.") % MAX_ROWS))
            break
        errors_before = len(result.errors)
        member = None
        vat = "".join(ch for ch in values.get("vat_number", "").upper() if ch.isalnum())
        if vat:
            member = by_vat.get(vat)
            if member is None:
                result.errors.append(
                    RowError(line, "vat_number", _("No member of this cluster has this number."))
                )
        else:
            found = by_name.get(values.get("member", "").casefold().strip(), [])
            if len(found) == 1:
                member = found[0]
            elif found:
                result.errors.append(
                    RowError(
                        line, "member", _("Several members have this name; give the VAT number.")
                    )
                )
            else:
                result.errors.append(
                    RowError(
                        line,
                        "member",
                        _("“%s” is not a member of this cluster.") % values.get("member", ""),
                    )
                )
        try:
            day = dt.date.fromisoformat(values.get("delivered_on", ""))
        except ValueError:
            day = None
            result.errors.append(RowError(line, "delivered_on", _("Write the date as YYYY-MM-DD.")))
        hours = None
        if values.get("hours"):
            try:
                hours = Decimal(values["hours"].replace(",", "."))
            except InvalidOperation:
                hours = None
            if hours is None or not hours.is_finite():  # NaN cannot even be compared
                result.errors.append(RowError(line, "hours", _("Write the hours as a number.")))
            else:
                # The stored field's own checks: at least 0, six digits, one decimal.
                try:
                    _HOURS.clean(hours, None)
                except ValidationError as error:
                    for message in error.messages:
                        result.errors.append(RowError(line, "hours", message))
        try:
            _OUTCOME.clean(values.get("outcome", ""), None)
        except ValidationError as error:  # control characters (a NUL cannot be stored)
            for message in error.messages:
                result.errors.append(RowError(line, "outcome", message))
        if len(result.errors) > errors_before:
            continue
        item = DeliveryItem(
            member=member, delivered_on=day, hours=hours, outcome=values.get("outcome", "")
        )
        problems = delivery_problems(service, item, project)
        for column, problem in problems:
            result.errors.append(
                RowError(line, "member" if column == "members" else column, problem)
            )
        if problems:
            continue
        key = (member.pk, day)
        if key in seen:
            result.errors.append(
                RowError(line, "member", _("Same member and date as line %d.") % seen[key])
            )
            continue
        seen[key] = line
        result.items.append(item)
    if not result.items and not result.errors:
        result.errors.append(RowError(2, "", _("The file has no delivery rows.")))
    return result
