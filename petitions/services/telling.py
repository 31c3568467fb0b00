"""Who in the office is told of what happens to a case, and the citizen's request for a rating.

Every message to staff goes through accounts.services.staff_notify (their channel, their quiet
hours, the in-app list); these functions only say who is told, what it says and where its link
goes. All run after commit (transaction.on_commit), in the office's language, and name no citizen:
a tracking code, the workstation, a link to the case page."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.services import staff_notify
from common.notifications import notify_later
from petitions.models import Petition


def case_path(petition: Petition) -> str:
    return reverse("casework:case_detail", args=[petition.pk])


def after_commit(func, *args, **kwargs) -> None:
    """Run `func` once the surrounding transaction commits, in the office's language."""

    def run():
        with translation.override(settings.LANGUAGE_CODE):
            func(*args, **kwargs)

    transaction.on_commit(run, robust=True)


def _member_tell(member, *, petition: Petition, subject: str, body: str) -> None:
    if member is None:
        return
    staff_notify(
        user=member.user,
        subject=subject,
        body=body,
        link=case_path(petition),
        urgent=petition.is_urgent,
        phone=member.phone,
    )


def member_tell_assigned(*, petition_id: int | None = None, petition: Petition | None = None) -> None:
    """A case is now the member's (on duty at intake, a liaison officer's assignment, a hand-on).
    Intake passes the petition it just made (its member and workstation loaded), sparing a read."""
    if petition is None:
        petition = Petition.objects.select_related("assigned_member__user", "workstation").get(pk=petition_id)
    body = gettext("%(workstation)s 有一件新诉求（%(code)s）分派给您办理，请及时查看：") % {
        "workstation": petition.workstation.name,
        "code": petition.display_code,
    }
    _member_tell(petition.assigned_member, petition=petition, subject=gettext("新诉求待办理"), body=body)


def liaison_tell_queued(*, petition_id: int) -> None:
    """A case arrived with nobody on duty: the workstation's liaison officers assign it."""
    petition = Petition.objects.select_related("workstation").get(pk=petition_id)
    body = gettext("%(workstation)s 收到一件新诉求（%(code)s），今日无值班委员，请尽快分派。") % {
        "workstation": petition.workstation.name,
        "code": petition.display_code,
    }
    for officer in petition.workstation.liaison_officers.filter(is_active=True):
        staff_notify(
            user=officer, subject=gettext("待分派诉求"), body=body, link=case_path(petition), urgent=petition.is_urgent
        )


def staff_tell_unsatisfied(*, petition_id: int) -> None:
    """A citizen rated a closed case 不满意: its member and the workstation's liaison officers learn
    it, since the case may be reopened once (petitions.services.handling.petition_reopen)."""
    petition = Petition.objects.select_related("assigned_member__user", "workstation").get(pk=petition_id)
    body = gettext("诉求 %(code)s 的群众评价为“不满意”，请查看评价意见，必要时重新办理（限一次）：") % {
        "code": petition.display_code
    }
    subject = gettext("群众不满意")
    people = {officer.pk: (officer, "") for officer in petition.workstation.liaison_officers.filter(is_active=True)}
    member = petition.assigned_member
    if member is not None:
        people.setdefault(member.user_id, (member.user, member.phone))
    for user, phone in people.values():
        staff_notify(
            user=user, subject=subject, body=body, link=case_path(petition), urgent=petition.is_urgent, phone=phone
        )


def member_tell_consultation_answered(*, petition_id: int, department: str) -> None:
    petition = Petition.objects.select_related("assigned_member__user").get(pk=petition_id)
    body = gettext("%(department)s已答复您就诉求 %(code)s 提出的咨询，请整理后答复群众：") % {
        "department": department,
        "code": petition.display_code,
    }
    _member_tell(petition.assigned_member, petition=petition, subject=gettext("部门已答复咨询"), body=body)


def citizen_ask_rating(*, petition_id: int) -> None:
    """A closed case whose citizen left a phone: one SMS asking for a rating, with the tracking
    page's address (where the rating form is). Nothing is sent for an anonymous case."""
    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None or not petition.citizen_phone or petition.satisfaction:
        return
    body = gettext("【委员工作室】您的诉求（查询码 %(code)s）已办结，请对办理过程和办理结果评价：%(url)s") % {
        "code": petition.display_code,
        "url": settings.PUBLIC_BASE_URL + petition.get_tracking_url(),
    }
    notify_later(recipient=petition.citizen_phone, subject=gettext("请评价诉求办理情况"), body=body)
