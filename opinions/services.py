"""Every write to public-opinion reports (社情民意信息): written from one or more cases, edited while a
draft, forwarded to the body above with its reference number. Each checks who asks (opinions.
permissions) and raises TransitionError with a reason fit to show; nothing is half-saved."""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import in_office_language
from opinions.choices import EventType, Status
from opinions.models import OpinionReport, OpinionReportEvent
from opinions.permissions import can_edit, can_forward, can_write
from opinions.selectors import opinion_source_cases
from petitions.choices import EventType as CaseEventType
from petitions.events import event_write
from petitions.permissions import member_for
from petitions.workflow import ActionNotAllowed, TransitionError

TEXT_FIELDS = ("title", "source", "situation", "analysis", "suggestions")
REQUIRED_FIELDS = {"title": _("请填写标题。"), "source": _("请填写来源/反映人。"), "situation": _("请填写基本情况。")}
MAX_LENGTHS = {"title": 200, "source": 200, "situation": 5000, "analysis": 5000, "suggestions": 5000}

# What in a citizen's own words may identify someone: mobile and landline numbers, ID card numbers.
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MASK = "***"


def text_without_personal_data(text: str, *, petition) -> str:
    """A citizen's text with their name, phone and address taken out, and any phone or ID number
    in it masked: what a report may quote. The one scrubber reports use (prefill and export)."""
    text = text or ""
    for value in (petition.citizen_name, petition.citizen_phone, petition.citizen_address):
        if value and len(value) >= 2:
            text = text.replace(value, MASK)
    for pattern in (_ID_CARD, _PHONE, _LANDLINE):
        text = pattern.sub(MASK, text)
    return text


def opinion_prefill(*, user, petitions) -> dict:
    """The report's first draft from its cases: a title, the source (the workstation and the member
    who reflects it) and the situation told from the cases' content without personal data."""
    member = member_for(user)
    first = petitions[0]
    source = first.workstation.name
    if member is not None:
        source = f"{first.workstation.name} {member.name}（{member.sector.label}）"
    lines = []
    for petition in petitions:
        what = text_without_personal_data(petition.content, petition=petition).strip()
        where = text_without_personal_data(petition.location, petition=petition).strip()
        line = _("%(date)s，群众反映（%(category)s）：%(content)s") % {
            "date": timezone.localtime(petition.created_at).strftime("%Y-%m-%d"),
            "category": petition.category.name if petition.category else _("其他"),
            "content": what,
        }
        if where:
            line += _("（地点：%(location)s）") % {"location": where}
        lines.append(str(line))
    if len(petitions) > 1:
        lines.insert(0, str(_("近期共有 %(n)s 件群众诉求反映同类问题：") % {"n": len(petitions)}))
    title = _("关于%(topic)s问题的情况反映") % {
        "topic": first.category.name
        if first.category
        else text_without_personal_data(first.content, petition=first)[:15]
    }
    return {"title": str(title), "source": source, "situation": "\n".join(lines), "analysis": "", "suggestions": ""}


def _clean(values: dict) -> dict:
    cleaned = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
    for name, message in REQUIRED_FIELDS.items():
        if not cleaned[name]:
            raise TransitionError(message)
    if not cleaned["suggestions"]:
        raise TransitionError(_("请填写意见建议。"))
    for name, limit in MAX_LENGTHS.items():
        if len(cleaned[name]) > limit:
            raise TransitionError(
                _("%(field)s最多 %(n)s 字。") % {"field": OpinionReport._meta.get_field(name).verbose_name, "n": limit}
            )
    return cleaned


def _event(report, *, type, user, message="", data=None) -> OpinionReportEvent:
    return OpinionReportEvent.objects.create(
        report=report, type=type, actor=user, message=str(message)[:500], data=data or {}
    )


@in_office_language
@transaction.atomic
def opinion_report_create(*, user, petition_ids: list[int], **values) -> OpinionReport:
    """Write a report from one or more cases the user handles (opinions.selectors.opinion_source_cases)."""
    if not can_write(user):
        raise ActionNotAllowed(_("只有政协委员、联络员或办公室工作人员可以撰写社情民意信息。"))
    ids = sorted({int(i) for i in petition_ids or []})
    if not ids:
        raise TransitionError(_("社情民意信息至少要有一件来源诉求。"))
    petitions = opinion_source_cases(user=user, ids=ids)
    if len(petitions) != len(ids):
        raise ActionNotAllowed(_("只能根据您承办、协办或本工作室的诉求撰写社情民意信息。"))
    cleaned = _clean(values)
    report = OpinionReport.objects.create(
        workstation=petitions[0].workstation, author=member_for(user), created_by=user, **cleaned
    )
    report.cases.set(petitions)
    _event(report, type=EventType.DRAFTED, user=user, data={"cases": [p.pk for p in petitions]})
    return report


@in_office_language
@transaction.atomic
def opinion_report_update(*, user, report_id: int, **values) -> OpinionReport:
    report = OpinionReport.objects.select_for_update().get(pk=report_id)
    if report.status != Status.DRAFT:
        raise TransitionError(_("已报送的社情民意信息不能再修改。"))
    if not can_edit(user, report):
        raise ActionNotAllowed(_("只有撰写人可以修改社情民意信息。"))
    cleaned = _clean(values)
    changed = [name for name, value in cleaned.items() if getattr(report, name) != value]
    for name in changed:
        setattr(report, name, cleaned[name])
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
        _event(report, type=EventType.EDITED, user=user, data={"fields": changed})
    return report


@in_office_language
@transaction.atomic
def opinion_report_forward(
    *,
    user,
    report_id: int,
    receiving_body: str,
    receiving_reference: str,
    forwarded_at: datetime.date | None = None,
) -> OpinionReport:
    """Record that the report went to the body above (e.g. 市政协社情民意信息室), with the number that
    body gave it; each case's timeline says so too (internal)."""
    report = OpinionReport.objects.select_for_update().select_related("workstation").get(pk=report_id)
    receiving_body = (receiving_body or "").strip()
    receiving_reference = (receiving_reference or "").strip()
    if report.status != Status.DRAFT:
        raise TransitionError(_("这条社情民意信息已经报送。"))
    if not can_forward(user, report):
        raise ActionNotAllowed(_("只有本工作室联络员或办公室工作人员可以登记报送。"))
    if not receiving_body:
        raise TransitionError(_("请填写接收单位。"))
    if not receiving_reference:
        raise TransitionError(_("请填写接收单位的编号。"))
    if len(receiving_body) > 100 or len(receiving_reference) > 50:
        raise TransitionError(_("接收单位最多 100 字，编号最多 50 字。"))
    forwarded_at = forwarded_at or timezone.localdate()
    if forwarded_at > timezone.localdate():
        raise TransitionError(_("报送日期不能晚于今天。"))
    report.status = Status.FORWARDED
    report.forwarded_at = forwarded_at
    report.receiving_body = receiving_body
    report.receiving_reference = receiving_reference
    report.save(update_fields=["status", "forwarded_at", "receiving_body", "receiving_reference", "updated_at"])
    message = _("已报送%(body)s，编号 %(ref)s。") % {"body": receiving_body, "ref": receiving_reference}
    _event(
        report,
        type=EventType.FORWARDED,
        user=user,
        message=message,
        data={"receiving_body": receiving_body, "receiving_reference": receiving_reference, "date": str(forwarded_at)},
    )
    for petition in report.cases.all():
        event_write(
            petition=petition,
            type=CaseEventType.OPINION_FORWARDED,
            actor=user,
            message=_("社情民意信息《%(title)s》%(message)s") % {"title": report.title, "message": message},
            public=False,
            data={"opinion_report_id": report.pk},
        )
    return report
