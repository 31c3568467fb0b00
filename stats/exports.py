"""The dashboard as a file: XLSX (openpyxl) and CSV, holding what the page shows for the same
filter. Text that a spreadsheet would run as a formula is neutralised."""

import csv
import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _handled() -> str:
    # "处理" is also a reviewer's button ("resolve"): the column is told apart by its context.
    return pgettext("statistics column: petitions handled", "处理")


def safe_cell(value):
    """A value fit for a spreadsheet cell: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "—" if value is None else value


def dashboard_tables(data: dict, f) -> list[tuple[str, list[str], list[list]]]:
    """(sheet title, header, rows) for every table on the dashboard, in page order."""
    s = data["summary"]
    headline = [
        (_("统计周期"), f.label),
        (_("收集社情民意"), s["collected"]),
        (_("反映和处理"), s["handled"]),
        (_("助推解决问题"), s["solved"]),
        (_("推进落实民生工程"), s["projects"]),
        (_("帮助困难群众户数"), s["households"]),
        (_("响应率（%）"), s["response_rate"]),
        (_("解决率（%）"), s["resolution_rate"]),
        (_("满意率（办理过程，%）"), s["satisfaction_rate"]),
        (_("结果满意率（%）"), s["result_satisfaction_rate"]),
        (_("部门按时办结率（%）"), s["department_on_time_rate"]),
        (_("首次响应中位时长（小时）"), s["median_first_response_hours"]),
    ]
    figures_header = [_("收集"), _handled(), _("解决"), _("响应率（%）"), _("解决率（%）"), _("满意率（%）")]

    def fig(r):
        return [
            r["collected"],
            r["handled"],
            r["solved"],
            r["response_rate"],
            r["resolution_rate"],
            r["satisfaction_rate"],
        ]

    return [
        (_("概览"), [_("指标"), _("数值")], [list(row) for row in headline]),
        (
            _("月度趋势"),
            [_("月份"), _("收集"), _handled(), _("解决")],
            [[r["label"], r["collected"], r["handled"], r["solved"]] for r in data["trend"]],
        ),
        (_("类别"), [_("类别"), *figures_header], [[r["name"], *fig(r)] for r in data["categories"]]),
        (
            _("工作室排名"),
            [_("名次"), _("工作室"), *figures_header],
            [[r["rank"], r["name"], *fig(r)] for r in data["workstations"]],
        ),
        (
            _("部门"),
            [
                _("部门"),
                _("应办结"),
                _("按时办结"),
                _("按时办结率（%）"),
                _("平均办理天数"),
                _("委员评定"),
                "A",
                "B",
                "C",
                "D",
                _("办理满意率（%）"),
            ],
            [
                [
                    r["name"],
                    r["due"],
                    r["on_time"],
                    r["on_time_rate"],
                    r["mean_handling_days"],
                    r["graded"],
                    r["grade_a"],
                    r["grade_b"],
                    r["grade_c"],
                    r["grade_d"],
                    r["handling_satisfaction_rate"],
                ]
                for r in data["departments"]
            ],
        ),
        (
            _("委员工作量"),
            [_("委员"), _("界别"), _("在办"), *figures_header],
            [[r["name"], r["sector"], r["open"], *fig(r)] for r in data["members"]],
        ),
    ]


def to_xlsx(tables) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in tables:
        sheet = book.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(str(v) if hasattr(v, "__html__") else v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(10, width * 2 + 2), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(tables) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Chinese text correctly only with a BOM
    writer = csv.writer(out)
    for title, header, rows in tables:
        writer.writerow([f"# {title}"])
        writer.writerow([safe_cell(str(h)) for h in header])
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
        writer.writerow([])
    return out.getvalue()


# Digit runs that can only be contact or identity numbers: landlines (7–8 digits with an area
# code), ID card numbers (18), bank cards. House numbers and years are shorter and stay.
_LONG_NUMBER = re.compile(r"(?<!\d)\d{7,}[\dXx]?(?!\d)")


def evidence_text(text: str) -> str:
    """A citizen's free text fit for an evidence pack: mobile numbers masked as the logs mask them
    (common.logs.mask_phones), other long numbers (landlines, ID card numbers) replaced. Names and
    home addresses have no shape to find: the pack carries the text the case page shows, and the
    office is told to read it before it leaves the office (the summary page says so)."""
    from common.logs import mask_phones

    return _LONG_NUMBER.sub("＊＊＊", mask_phones(text or ""))


def candidate_cases_xlsx(*, title: str, period_label: str, cases, limit: int) -> bytes:
    """The cases behind a topic candidate, without personal data: tracking code, date received,
    workstation, category, place, status and content (evidence_text). Never the citizen's name,
    phone or address. Written streaming (openpyxl write-only): a year's word can have many rows;
    at most `limit` rows, the sheet says when it stopped."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("诉求清单"))
    bold = Font(bold=True)

    def text_row(values, font=None):
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            if font:
                cell.font = font
            row.append(cell)
        sheet.append(row)

    text_row([str(title), str(period_label)], bold)
    header = [_("查询码"), _("收到日期"), _("工作室"), _("类别"), _("发生地点"), _("状态"), _("诉求内容")]
    text_row([str(h) for h in header], bold)
    written = 0
    for p in cases.iterator(chunk_size=2000):
        if written >= limit:
            text_row([_("仅导出前 %(limit)d 件，请缩小统计周期或条件。") % {"limit": limit}])
            break
        text_row(
            [
                p.display_code,
                f"{timezone.localtime(p.created_at):%Y-%m-%d}",
                p.workstation.name,
                p.category.name if p.category_id else "—",
                evidence_text(p.location) or "—",
                str(p.get_status_display()),
                evidence_text(p.content),
            ]
        )
        written += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
