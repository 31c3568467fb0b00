"""The access log as a file (XLSX or CSV). Text a spreadsheet would run as a formula is quoted."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _header() -> list[str]:
    return [_("时间"), _("用户"), _("姓名"), _("类型"), _("查询码"), _("来源地址"), _("访问路径"), _("说明"), _("行数")]


def access_log_rows(rows):
    for row in rows:
        yield [
            f"{timezone.localtime(row.created_at):%Y-%m-%d %H:%M:%S}",
            row.actor_label,
            row.actor.full_name if row.actor is not None else "",
            row.get_kind_display(),
            row.tracking_code,
            row.ip_address or "",
            row.path,
            row.detail,
            "" if row.row_count is None else row.row_count,
        ]


def access_log_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    for values in access_log_rows(rows):
        writer.writerow([_safe(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def access_log_xlsx(rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("访问记录")
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in access_log_rows(rows):
        sheet.append([_safe(v) for v in values])
    for column, width in zip("ABCDEFGHI", (20, 14, 12, 16, 16, 16, 30, 30, 8), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
