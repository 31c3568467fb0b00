"""The import spreadsheet: its columns, the template offices download, and reading an upload.

Columns are found by their header text (row 1 of the first sheet), in any order; a header the
import does not know is ignored. Values are read as openpyxl gives them (dates as dates,
numbers as numbers) and checked in history.validation."""

import datetime
import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # lazy translation
    required: bool
    help: object
    example: object


COLUMNS = [
    Column(
        "original_number",
        gettext_lazy("原编号"),
        False,
        gettext_lazy("原系统中的编号；填写后以它识别重复导入。"),
        "2015-0001",
    ),
    Column(
        "received_date",
        gettext_lazy("收到日期"),
        True,
        gettext_lazy("日期，例如 2015-03-08，不能晚于今天。"),
        datetime.date(2015, 3, 8),
    ),
    Column(
        "workstation",
        gettext_lazy("工作室"),
        True,
        gettext_lazy("工作室名称或公开代码，须已在系统中建立。"),
        "xiliuwan",
    ),
    Column(
        "category", gettext_lazy("类别"), False, gettext_lazy("诉求类别名称或代码，须已在系统中建立；可留空。"), "道路"
    ),
    Column(
        "content",
        gettext_lazy("诉求内容"),
        True,
        gettext_lazy("不超过 2000 字。"),
        gettext_lazy("小区门口路灯不亮，夜间出行不便。"),
    ),
    Column("channel", gettext_lazy("渠道"), True, None, gettext_lazy("接待日来访")),
    Column("track", gettext_lazy("办理方式"), False, None, gettext_lazy("直接答复")),
    Column("status", gettext_lazy("状态"), True, None, gettext_lazy("已办结")),
    Column("outcome", gettext_lazy("办理结果"), False, None, gettext_lazy("已解决")),
    Column(
        "households_helped",
        gettext_lazy("帮助困难群众户数"),
        False,
        gettext_lazy("整数，仅“已解决”的诉求可填大于 0 的数。"),
        2,
    ),
    Column(
        "department",
        gettext_lazy("承办部门"),
        False,
        gettext_lazy("部门名称，须已在系统中建立；仅“咨询后答复”“提交建议”可填。"),
        "",
    ),
    Column(
        "proposal_title",
        gettext_lazy("建议标题"),
        False,
        gettext_lazy("仅“提交建议”可填，不超过 200 字；填写后该诉求按办结日期计入“反映和处理”。"),
        "",
    ),
    Column(
        "livelihood_project",
        gettext_lazy("民生工程"),
        False,
        gettext_lazy("是 / 否；仅“提交建议”可填，填“是”须有建议标题；已解决的计入“推进落实民生工程”。"),
        "",
    ),
    Column(
        "closed_date",
        gettext_lazy("办结日期"),
        False,
        gettext_lazy("“已答复”“已办结”必填：答复或办结的日期，不早于收到日期，不晚于今天。"),
        datetime.date(2015, 3, 20),
    ),
    Column(
        "citizen_name",
        gettext_lazy("群众姓名"),
        False,
        gettext_lazy("可留空；加密保存，仅办理人员可见。"),
        "",
    ),
    Column(
        "citizen_phone",
        gettext_lazy("联系电话"),
        False,
        gettext_lazy("11 位手机号，可留空；加密保存。"),
        "",
    ),
    Column(
        "citizen_address",
        gettext_lazy("住址"),
        False,
        gettext_lazy("可留空；加密保存。"),
        "",
    ),
]

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (not an XLSX, no header, a required column missing)."""


def template_xlsx(choice_help: dict[str, list[str]]) -> bytes:
    """The template: the columns with one example row, and a second sheet with the allowed
    values (choice_help: column key -> the allowed values, from history.validation)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("历史诉求")
    ws.append([str(c.header) for c in COLUMNS])
    ws.append([str(c.example) if isinstance(c.example, Promise) else c.example for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = 16
    ws["B2"].number_format = ws["N2"].number_format = "yyyy-mm-dd"
    help_sheet = wb.create_sheet(_("填写说明"))
    help_sheet.append([_("列"), _("是否必填"), _("说明与可填写的值")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for c in COLUMNS:
        text = str(c.help) if c.help else "、".join(choice_help.get(c.key, []))
        help_sheet.append([str(c.header), _("必填") if c.required else _("选填"), text])
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["C"].width = 80
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rows_read(data: bytes):
    """(header map, row count, an iterator of (row number, {column key: value})) for an uploaded
    XLSX. Blank rows are skipped; row numbers are the spreadsheet's own (the header is row 1).
    Read with python-calamine (Rust): openpyxl's reader took most of a 50,000-row check
    (bench/import.py). Raises SpreadsheetError."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own kinds for a file that is not an XLSX
        raise SpreadsheetError(_("无法读取文件，请上传由模板填写的 .xlsx 文件。")) from exc
    rows = sheet.iter_rows()
    header = next(rows, None)
    if not header:
        raise SpreadsheetError(_("文件第一行应为列名，请使用下载的模板。"))
    by_header = {str(c.header): c.key for c in COLUMNS}
    positions = {}
    for index, title in enumerate(header):
        key = by_header.get(str(title).strip()) if title not in (None, "") else None
        if key:
            positions[key] = index
    missing = [str(c.header) for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        raise SpreadsheetError(_("缺少必填列：%(columns)s。请使用下载的模板。") % {"columns": "、".join(missing)})
    first = (sheet.start or (0, 0))[0] + 1  # the header's row number (leading blank rows are not read)
    total = max(sheet.height - 1, 0)

    def iterate():
        for offset, row in enumerate(rows, start=1):
            values = {key: (row[i] if i < len(row) else None) for key, i in positions.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            yield first + offset, values

    return positions, total, iterate()


def report_xlsx(refusals: list[list], *, refused_rows: int) -> bytes:
    """The refused rows as a spreadsheet to fix the file by: row number, column, reason (never a
    cell's value). A last line says how many more there were when the batch kept only the first."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("有误的行"))
    ws.append([_("行号"), _("列"), _("原因")])
    for number, column, reason in refusals:
        ws.append([number, column, reason])
    if refused_rows > len(refusals):
        ws.append(["", "", _("另有 %(n)d 行有误未列出。") % {"n": refused_rows - len(refusals)}])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
