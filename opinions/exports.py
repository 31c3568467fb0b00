"""A public-opinion report as a Word document (.docx, python-docx) in the customary layout of
社情民意信息: the heading, the title, 来源/反映人, then 一、基本情况 二、原因分析 三、意见建议, the
date, and once forwarded the receiving body and its number. What is in the report's fields, and
nothing of the citizens (the fields are written without personal data: opinions.services)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"


def sections(report) -> list[tuple[str, str]]:
    """(heading, text) of the report's three parts, in order: the page and the document both use it."""
    return [
        (_("一、基本情况"), report.situation),
        (_("二、原因分析"), report.analysis or "—"),
        (_("三、意见建议"), report.suggestions),
    ]


def report_date(report):
    return report.forwarded_at or timezone.localtime(report.created_at).date()


def _font(run, name: str, size: int, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # Chinese text takes the East Asian font, which python-docx does not set by itself.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, *, font=BODY_FONT, size=16, bold=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(28)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def report_docx(report) -> bytes:
    """The .docx file's bytes."""
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = report.source
    _paragraph(
        document, _("社情民意信息"), font=TITLE_FONT, size=26, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    _paragraph(document, "", indent=False)
    _paragraph(
        document, report.title, font=TITLE_FONT, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    _paragraph(document, _("来源/反映人：%(source)s") % {"source": report.source}, indent=False)
    for heading, text in sections(report):
        _paragraph(document, heading, font="黑体", size=16, bold=True)
        for line in (text or "").splitlines() or [""]:
            if line.strip():
                _paragraph(document, line.strip())
    _paragraph(document, "", indent=False)
    date = report_date(report)
    _paragraph(
        document,
        _("%(y)s年%(m)s月%(d)s日") % {"y": date.year, "m": date.month, "d": date.day},
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=False,
    )
    if report.receiving_reference:
        _paragraph(
            document,
            _("报送：%(body)s　编号：%(ref)s") % {"body": report.receiving_body, "ref": report.receiving_reference},
            size=12,
            indent=False,
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
