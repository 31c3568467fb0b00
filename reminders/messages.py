"""Who a notice goes to and what it says. Templates live in templates/notifications/<language>/,
one file per message: the first line is the subject, the rest the body. Nothing here names a
citizen: messages carry tracking codes, titles and dates only."""

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.selectors import staff_contact
from common.calendar import working_days_between
from reminders.choices import NoticeKind, SubjectType
from reminders.selectors import deadline_sources


def _language() -> str:
    return getattr(settings, "NOTIFICATION_LANGUAGE", "") or settings.LANGUAGE_CODE


def render(template: str, context: dict) -> tuple[str, str]:
    language = _language()
    with translation.override(language):
        text = render_to_string(f"notifications/{language}/{template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def user_contact(user) -> tuple[str, str] | None:
    """(channel, address) for a staff member: e-mail first (accounts.selectors.staff_contact), the
    phone of their member record as the last resort."""
    if user is None:
        return None
    member = getattr(user, "member", None) if hasattr(user, "member") else None
    return staff_contact(user, prefer="email", phone=member.phone if member is not None else "")


def department_contacts(department) -> list[tuple[str, str]]:
    if department.email:
        return [("email", department.email)]
    return [c for c in (user_contact(u) for u in department.handlers.all()) if c]


def reviewers(*, body_id=None):
    """The reviewers of one CPPCC body (the body owning the case's workstation, the department's
    body); every reviewer of the install when the row has no body."""
    from accounts.models import User
    from accounts.roles import Role, role_group_name

    users = User.objects.filter(is_active=True, groups__name=role_group_name(Role.REVIEWER))
    if body_id is not None:
        users = users.filter(body_membership__body_id=body_id)
    return users.distinct()


def _messages(contacts, template: str, context: dict) -> list[dict]:
    subject, body = render(template, context)
    seen = set()
    out = []
    for channel, recipient in contacts:
        if (channel, recipient) in seen:
            continue
        seen.add((channel, recipient))
        out.append({"recipient": recipient, "subject": subject, "body": body, "channel": channel})
    return out


def _staff_message(subject: dict, template: str, context: dict) -> dict:
    """A message to the member behind a case, for accounts.services.staff_notify: their channel,
    quiet hours and in-app list, with the case page's link (not the bare site address)."""
    title, body = render(template, context)
    lines = body.rstrip("\n").split("\n")
    if lines and lines[-1].strip() == settings.PUBLIC_BASE_URL:
        lines = lines[:-1]
    user = subject["member_user"]
    member = getattr(user, "member", None) if hasattr(user, "member") else None
    return {
        "user": user,
        "subject": title,
        "body": "\n".join(lines),
        "link": subject.get("link", ""),
        "urgent": subject.get("urgent", False),
        "phone": member.phone if member is not None else "",
    }


def _deadline_subject(notice):
    """What a deadline notice is about: label, reference, workstation, department, member's user."""
    from petitions.models import Consultation, Petition
    from proposals.models import ProposalAssignment

    if notice.subject_type == SubjectType.PETITION:
        petition = (
            Petition.objects.select_related("workstation", "assigned_member__user").filter(pk=notice.subject_id).first()
        )
        if petition is None:
            return None
        member_user = petition.assigned_member.user if petition.assigned_member else None
        return {
            "label": "petition",
            "link": reverse("casework:case_detail", args=[petition.pk]),
            "urgent": petition.is_urgent,
            "reference": petition.display_code,
            "workstation": petition.workstation,
            "department": None,
            "member_user": member_user,
        }
    if notice.subject_type == SubjectType.CONSULTATION:
        consultation = (
            Consultation.objects.select_related("petition__workstation", "department", "asked_by__user")
            .filter(pk=notice.subject_id)
            .first()
        )
        if consultation is None:
            return None
        return {
            "label": "consultation",
            "link": reverse("casework:case_detail", args=[consultation.petition_id]),
            "urgent": consultation.petition.is_urgent,
            "reference": consultation.petition.display_code,
            "workstation": consultation.petition.workstation,
            "department": consultation.department,
            "member_user": consultation.asked_by.user,
        }
    assignment = (
        ProposalAssignment.objects.select_related("proposal__workstation", "proposal__author__user", "department")
        .filter(pk=notice.subject_id)
        .first()
    )
    if assignment is None:
        return None
    return {
        "label": "assignment_ack" if notice.subject_type == SubjectType.ASSIGNMENT_ACKNOWLEDGE else "assignment",
        "reference": assignment.proposal.title,
        "workstation": assignment.proposal.workstation,
        "department": assignment.department,
        "member_user": assignment.proposal.author.user,
    }


def _still_due(notice) -> bool:
    """Whether the deadline the notice was made for still stands: the subject is still in one of the
    states the scan reads and its deadline has not moved. Asks the scan's own querysets, so the two
    cannot disagree."""
    for subject_type, queryset, field in deadline_sources():
        if subject_type == notice.subject_type:
            return queryset.filter(pk=notice.subject_id, **{field: notice.due_date}).exists()
    return False


def _deadline_messages(notice) -> list[dict]:
    if not _still_due(notice):
        return []  # done or rescheduled since the scan: nothing to remind of
    subject = _deadline_subject(notice)
    if subject is None:
        return []
    today = timezone.localdate()
    context = {
        **subject,
        "due_date": notice.due_date,
        "kind": notice.kind,
        "overdue_days": working_days_between(notice.due_date, today),
        "base_url": settings.PUBLIC_BASE_URL,
    }
    workstation = subject["workstation"]
    if notice.kind == NoticeKind.REMINDER:
        if subject["department"] is not None:
            contacts = department_contacts(subject["department"])
        elif subject["member_user"]:
            return [_staff_message(subject, "deadline_reminder", context)]
        else:
            contacts = [user_contact(subject["member_user"])] if subject["member_user"] else []
            if not subject["member_user"]:
                contacts = [user_contact(u) for u in workstation.liaison_officers.all()]
        return _messages([c for c in contacts if c], "deadline_reminder", context)
    if notice.kind == NoticeKind.ESCALATION_LIAISON:
        contacts = [user_contact(u) for u in workstation.liaison_officers.all()]
    else:
        contacts = [user_contact(u) for u in reviewers(body_id=workstation.body_id)]
    return _messages([c for c in contacts if c], "deadline_escalation", context)


def _delivery_failed_messages(notice) -> list[dict]:
    from handoffs.models import Delivery

    delivery = Delivery.objects.select_related("department").filter(pk=notice.subject_id).first()
    if delivery is None:
        return []
    context = {"delivery": delivery, "department": delivery.department, "base_url": settings.PUBLIC_BASE_URL}
    contacts = (user_contact(u) for u in reviewers(body_id=delivery.department.body_id))
    return _messages([c for c in contacts if c], "delivery_failed", context)


def _member_digest(notice) -> list[dict]:
    from members.models import Member
    from petitions.choices import OPEN_STATUSES
    from petitions.models import Petition

    member = Member.objects.select_related("user").filter(pk=notice.subject_id, is_active=True).first()
    contact = user_contact(member.user) if member else None
    if contact is None:
        return []
    open_cases = Petition.objects.filter(assigned_member=member, status__in=OPEN_STATUSES).order_by("due_date", "id")
    today = notice.due_date
    context = {
        "member": member,
        "today": today,
        "open_count": open_cases.count(),
        "overdue_count": open_cases.filter(due_date__lt=today).count(),
        "cases": [(p.display_code, p.due_date) for p in open_cases[:10]],
        "base_url": settings.PUBLIC_BASE_URL,
    }
    return _messages([contact], "digest_member", context)


def _department_digest(notice) -> list[dict]:
    from departments.models import Department
    from petitions.models import Consultation
    from proposals.models import ProposalAssignment

    department = Department.objects.filter(pk=notice.subject_id, is_active=True).first()
    if department is None:
        return []
    today = notice.due_date
    consultations = Consultation.objects.filter(department=department, status="pending")
    assignments = ProposalAssignment.objects.filter(department=department, status__in=["pending", "acknowledged"])
    context = {
        "department": department,
        "today": today,
        "consultations": consultations.count(),
        "consultations_overdue": consultations.filter(due_date__lt=today).count(),
        "assignments": assignments.count(),
        "assignments_overdue": assignments.filter(
            Q(due_date__lt=today) | Q(status="pending", acknowledge_due__lt=today)
        ).count(),
        "base_url": settings.PUBLIC_BASE_URL,
    }
    return _messages(department_contacts(department), "digest_department", context)


def build_messages(notice) -> list[dict]:
    """The keyword arguments of every message this notice sends (may be none): of notify(), or of
    accounts.services.staff_notify when they carry a "user"."""
    if notice.kind == NoticeKind.DELIVERY_FAILED:
        return _delivery_failed_messages(notice)
    if notice.kind == NoticeKind.DIGEST:
        return _member_digest(notice) if notice.subject_type == SubjectType.MEMBER else _department_digest(notice)
    return _deadline_messages(notice)
