"""The follow-up call (回访) after a case closed: a staff member calls the citizen and records whether
they were reached, whether they are satisfied, and a note. A reached citizen who is not satisfied
reopens the case, once: the same one-reopen rule as an unsatisfied rating
(petitions.services.handling.reopen_refusal), so a case already reopened is not reopened again."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import in_office_language
from petitions import permissions as perms
from petitions.choices import EventType, Status
from petitions.events import event_write
from petitions.models import FollowUp, Petition
from petitions.permissions import member_for
from petitions.services.handling import _lock, is_liaison_of, reopen_refusal, reopen_write
from petitions.services.intake import text_clean
from petitions.workflow import ActionNotAllowed, TransitionError

NOTE_MAX = 1000


def may_follow_up(user, petition: Petition) -> bool:
    """Who calls the citizen back: the case's member, its workstation's liaison officers, office
    staff (who see every case)."""
    if not user.is_authenticated:
        return False
    member = member_for(user)
    if member is not None and petition.assigned_member_id == member.pk:
        return user.has_perm(f"petitions.{perms.HANDLE_PETITION}")
    return user.has_perm(f"petitions.{perms.VIEW_ALL_PETITIONS}") or is_liaison_of(user, petition.workstation)


@dataclass(frozen=True)
class FollowUpResult:
    follow_up: FollowUp
    reopened: bool
    # Why an unsatisfied follow-up did not reopen the case (already reopened once…), or "".
    not_reopened_because: str = ""


def _summary(*, reached: bool, satisfied: bool | None):
    if not reached:
        return _("回访：未联系上群众。")
    if satisfied is None:
        return _("回访：已联系上群众。")
    return _("回访：已联系上群众，群众满意。") if satisfied else _("回访：已联系上群众，群众不满意。")


@in_office_language
@transaction.atomic
def petition_follow_up(
    *, user, petition_id: int, reached: bool, satisfied: bool | None = None, note: str = ""
) -> FollowUpResult:
    """Record one follow-up call on a closed case, and reopen it when the citizen was reached and
    is not satisfied and the case has not been reopened before. Checks who asks (may_follow_up)."""
    petition = _lock(petition_id)
    if not may_follow_up(user, petition):
        raise ActionNotAllowed(_("只有承办委员、本工作室联络员或办公室工作人员可以记录回访。"))
    if petition.status != Status.CLOSED:
        raise TransitionError(_("诉求办结后才能回访。"))
    note = text_clean(note or "", multiline=True)
    if len(note) > NOTE_MAX:
        raise TransitionError(_("回访记录最多 1000 个字。"))
    if not reached and satisfied is not None:
        raise TransitionError(_("没有联系上群众，不能记录群众是否满意。"))
    follow_up = FollowUp.objects.create(
        petition=petition, called_by=user, called_at=timezone.now(), reached=reached, satisfied=satisfied, note=note
    )
    summary = str(_summary(reached=reached, satisfied=satisfied))
    event_write(
        petition=petition,
        type=EventType.FOLLOWED_UP,
        actor=user,
        message=f"{summary}{note}" if note else summary,
        public=False,
        data={"follow_up_id": follow_up.pk, "reached": reached, "satisfied": satisfied},
    )
    if not (reached and satisfied is False):
        return FollowUpResult(follow_up=follow_up, reopened=False)
    refusal = reopen_refusal(petition)
    if refusal is not None:
        return FollowUpResult(follow_up=follow_up, reopened=False, not_reopened_because=str(refusal))
    reopen_write(
        user=user,
        petition=petition,
        message=_("根据回访情况，诉求已重新办理。"),
        data={"follow_up_id": follow_up.pk},
    )
    follow_up.reopened = True
    follow_up.save(update_fields=["reopened", "updated_at"])
    return FollowUpResult(follow_up=follow_up, reopened=True)
