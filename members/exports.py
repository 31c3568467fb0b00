"""A workstation's roster of one year as XLSX or CSV (reads only)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Neutralise text a spreadsheet would run as a formula (CSV injection), by a leading quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _header() -> list[str]:
    return [_("月份"), _("状态"), _("类型"), _("日期"), _("时段"), _("委员"), _("界别"), _("备注")]


def _rows(duties):
    for duty in duties:
        yield [
            f"{duty.roster.month:%Y-%m}",
            duty.roster.get_status_display(),
            duty.get_kind_display(),
            f"{duty.date:%Y-%m-%d}" if duty.date else "",
            duty.get_slot_display() if duty.slot else "",
            duty.member.name,
            duty.member.sector.name,
            duty.note,
        ]


def roster_year_csv(*, duties) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for row in _rows(duties):
        writer.writerow([safe_cell(value) for value in row])
    # A byte-order mark so that Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def roster_year_xlsx(*, workstation, year: int, duties) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(year)
    sheet.append([_("%(workstation)s %(year)d年值班表") % {"workstation": workstation.name, "year": year}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(_header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in _rows(duties):
        # Written as strings, never as formulas: openpyxl treats a leading "=" as a formula.
        sheet.append([safe_cell(value) for value in row])
    for column, width in zip("ABCDEFGH", (10, 8, 10, 12, 8, 14, 12, 30), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
