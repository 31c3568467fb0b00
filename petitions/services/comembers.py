"""Co-members (协办委员): members, often of other sectors, whom the lead member or the workstation's
liaison officer invites to work a case together.

What a co-member may do, and what stays with the lead (Petition.assigned_member), decided once:
- a co-member sees the case and its citizen's contact as its handlers do (petitions.permissions.
  handles_case), adds internal notes, and replies to the citizen (tracks 1–3, petition_reply);
- the lead alone triages, consults a department, drafts and submits a proposal, closes (and
  replies-and-closes), hands the case on, merges or withdraws it: one person answers for the
  case's state and its deadlines, as before;
- the lead and the liaison officer invite and remove co-members; a co-member may leave by removing
  themself.

Each function checks who asks and raises ActionNotAllowed / TransitionError with a reason fit to
show, under the case's row lock, and writes one timeline event."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.services import staff_notify
from common.i18n import in_office_language
from petitions.choices import FINAL_STATUSES, EventType
from petitions.events import event_write
from petitions.models import CaseCoMember, Petition
from petitions.permissions import member_for
from petitions.services.handling import _lock, is_liaison_of
from petitions.services.telling import after_commit, case_path
from petitions.workflow import ActionNotAllowed, TransitionError

MAX_CO_MEMBERS = 10


def _require_lead_or_liaison(user, petition: Petition) -> None:
    member = member_for(user)
    if member is not None and petition.assigned_member_id == member.pk:
        return
    if is_liaison_of(user, petition.workstation):
        return
    raise ActionNotAllowed(_("只有承办委员或本工作室联络员可以邀请或移除协办委员。"))


def co_member_tell_invited(*, co_member_id: int) -> None:
    """The invited member learns of the case (their channel, their quiet hours); no citizen named."""
    row = CaseCoMember.objects.select_related("member__user", "petition__workstation").filter(pk=co_member_id).first()
    if row is None:  # removed again before the commit's callbacks ran
        return
    petition = row.petition
    body = gettext("%(workstation)s 的诉求（%(code)s）邀请您作为协办委员共同办理，请及时查看：") % {
        "workstation": petition.workstation.name,
        "code": petition.display_code,
    }
    staff_notify(
        user=row.member.user,
        subject=gettext("邀请您协办诉求"),
        body=body,
        link=case_path(petition),
        urgent=petition.is_urgent,
        phone=row.member.phone,
    )


@in_office_language
@transaction.atomic
def petition_co_member_invite(*, user, petition_id: int, member, note: str = "") -> CaseCoMember:
    """The lead member or the workstation's liaison officer invites `member` to work the case."""
    petition = _lock(petition_id)
    _require_lead_or_liaison(user, petition)
    note = (note or "").strip()
    if petition.status in FINAL_STATUSES:
        raise TransitionError(
            _("该诉求当前状态为“%(status)s”，不能邀请协办委员。") % {"status": petition.get_status_display()}
        )
    if member is None or not member.is_active:
        raise ActionNotAllowed(_("所选委员不在职，不能邀请。"))
    if petition.assigned_member_id == member.pk:
        raise TransitionError(_("承办委员不必再邀请为协办委员。"))
    if petition.co_members.filter(member_id=member.pk).exists():
        raise TransitionError(_("该委员已经是本件的协办委员。"))
    if petition.co_members.count() >= MAX_CO_MEMBERS:
        raise TransitionError(_("一件诉求最多邀请 %(n)s 位协办委员。") % {"n": MAX_CO_MEMBERS})
    row = CaseCoMember.objects.create(petition=petition, member=member, invited_by=user, note=note[:200])
    event_write(
        petition=petition,
        type=EventType.CO_MEMBER_INVITED,
        actor=user,
        message=_("邀请%(name)s（%(sector)s）协办。") % {"name": member.name, "sector": member.sector.label},
        public=False,
        data={"member_id": member.pk, "note": note[:200]},
    )
    after_commit(co_member_tell_invited, co_member_id=row.pk)
    return row


@in_office_language
@transaction.atomic
def petition_co_member_remove(*, user, petition_id: int, member) -> None:
    """The lead or the liaison officer removes a co-member; a co-member may also leave the case."""
    petition = _lock(petition_id)
    me = member_for(user)
    if not (me is not None and me.pk == member.pk):
        _require_lead_or_liaison(user, petition)
    deleted, _rows = petition.co_members.filter(member_id=member.pk).delete()
    if not deleted:
        raise TransitionError(_("该委员不是本件的协办委员。"))
    event_write(
        petition=petition,
        type=EventType.CO_MEMBER_REMOVED,
        actor=user,
        message=_("%(name)s 不再协办本件。") % {"name": member.name},
        public=False,
        data={"member_id": member.pk},
    )
