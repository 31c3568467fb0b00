"""Swap requests: a member asks to hand a duty to another member (or to exchange it for one of
theirs); a liaison officer of the duty's workstation approves or declines. Approval is the one way
besides an explicit, recorded edit that a published month changes.

Permissions: the views pass the requester's own Member (from request.user) and fetch the swap for
an officer through `members.selectors.swap_request_get_for_officer`, which 404s otherwise.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import staff_notify
from members.choices import DutyKind, RosterChangeAction, RosterStatus, SwapStatus
from members.models import DutyAssignment, DutyRoster, DutySwapRequest, Member
from members.services.errors import RosterError
from members.services.rosters import _duty_label, _lock_members, _save_duty, change_record, check_member_can_take


def _duty_text(duty: DutyAssignment) -> str:
    label = _duty_label(duty.kind, duty.date, duty.slot)
    if duty.kind == DutyKind.MONTH:
        label = f"{duty.roster.month:%Y-%m} {label}"
    return f"{duty.roster.workstation.name} {label}"


def _swap_tell_requested(swap_id: int) -> None:
    """A member asked for a swap: the duty's liaison officers (who decide) and the member asked to
    take it over learn it."""
    swap = DutySwapRequest.objects.select_related("duty__roster__workstation", "requester", "target_member__user").get(
        pk=swap_id
    )
    values = {"requester": swap.requester.name, "target": swap.target_member.name, "duty": _duty_text(swap.duty)}
    link = reverse("members:swaps")
    for officer in swap.duty.roster.workstation.liaison_officers.filter(is_active=True):
        staff_notify(
            user=officer,
            subject=_("换班申请待审批"),
            body=_("%(requester)s申请将值班（%(duty)s）换给%(target)s，请审批：") % values,
            link=link,
        )
    staff_notify(
        user=swap.target_member.user,
        subject=_("换班申请"),
        body=_("%(requester)s申请将值班（%(duty)s）换给您，待联络员审批：") % values,
        link=reverse("members:my_duties"),
        phone=swap.target_member.phone,
    )


def _swap_tell_approved(swap_id: int) -> None:
    """An approved swap moved a duty to the target member (and, in an exchange, one back to the
    requester): each learns the duty that is now theirs."""
    swap = DutySwapRequest.objects.select_related(
        "duty__roster__workstation", "target_duty__roster__workstation", "requester__user", "target_member__user"
    ).get(pk=swap_id)
    moved = [(swap.target_member, swap.duty)]
    if swap.target_duty_id:
        moved.append((swap.requester, swap.target_duty))
    for member, duty in moved:
        staff_notify(
            user=member.user,
            subject=_("换班已批准"),
            body=_("换班已批准：%(duty)s 现由您值班，值班期间的新诉求将分派给您：") % {"duty": _duty_text(duty)},
            link=reverse("members:my_duties"),
            phone=member.phone,
        )


def _after_commit(func, swap_id: int) -> None:
    def run():
        with translation.override(settings.LANGUAGE_CODE):
            func(swap_id)

    transaction.on_commit(run, robust=True)


def _check_not_past(duty: DutyAssignment) -> None:
    today = timezone.localdate()
    if duty.kind == DutyKind.SLOT and duty.date < today:
        raise RosterError(_("已经过去的值班不能换班。"))
    if duty.kind == DutyKind.MONTH and duty.roster.month < today.replace(day=1):
        raise RosterError(_("已经过去的值班不能换班。"))


def _check_feasible(swap_duty, requester, target_member, target_duty) -> None:
    ignore = (swap_duty.pk, target_duty.pk) if target_duty else (swap_duty.pk,)
    check_member_can_take(
        member=target_member,
        roster=swap_duty.roster,
        kind=swap_duty.kind,
        date=swap_duty.date,
        slot=swap_duty.slot,
        ignore=ignore,
    )
    if target_duty is not None:
        check_member_can_take(
            member=requester,
            roster=target_duty.roster,
            kind=target_duty.kind,
            date=target_duty.date,
            slot=target_duty.slot,
            ignore=ignore,
        )


@transaction.atomic
def swap_request_create(
    *,
    requester: Member,
    duty: DutyAssignment,
    target_member: Member,
    target_duty: DutyAssignment | None = None,
    reason: str = "",
) -> DutySwapRequest:
    duty = DutyAssignment.objects.select_related("roster__workstation").get(pk=duty.pk)
    if duty.member_id != requester.pk:
        raise RosterError(_("只能为自己的值班申请换班。"))
    if target_member.pk == requester.pk:
        raise RosterError(_("不能和自己换班。"))
    if duty.roster.status != RosterStatus.PUBLISHED:
        raise RosterError(_("值班表尚未发布，请直接联系联络员调整。"))
    _check_not_past(duty)
    if target_duty is not None:
        target_duty = DutyAssignment.objects.select_related("roster__workstation").get(pk=target_duty.pk)
        if target_duty.member_id != target_member.pk:
            raise RosterError(_("所选对方值班不属于该委员。"))
        if target_duty.roster.status != RosterStatus.PUBLISHED:
            raise RosterError(_("对方的值班表尚未发布。"))
        if target_duty.kind != duty.kind:
            raise RosterError(_("整月负责只能与整月负责互换，接待时段只能与接待时段互换。"))
        if duty.kind == DutyKind.SLOT and target_duty.date == duty.date:
            raise RosterError(_("两项值班在同一天，请联系联络员直接调整。"))
        _check_not_past(target_duty)
    if duty.swap_requests.filter(status=SwapStatus.PENDING).exists():
        raise RosterError(_("该值班已有待审批的换班申请。"))
    _check_feasible(duty, requester, target_member, target_duty)
    try:
        with transaction.atomic():
            swap = DutySwapRequest.objects.create(
                duty=duty, requester=requester, target_member=target_member, target_duty=target_duty, reason=reason
            )
    except IntegrityError as error:
        raise RosterError(_("该值班已有待审批的换班申请。")) from error
    _after_commit(_swap_tell_requested, swap.pk)
    return swap


def _lock_pending(swap: DutySwapRequest) -> DutySwapRequest:
    swap = (
        DutySwapRequest.objects.select_for_update(of=("self",))
        .select_related("duty__roster__workstation", "target_duty__roster__workstation", "requester__user")
        .select_related("target_member__user")
        .get(pk=swap.pk)
    )
    if swap.status != SwapStatus.PENDING:
        raise RosterError(_("该换班申请已处理（%(status)s）。") % {"status": swap.get_status_display()})
    return swap


@transaction.atomic
def swap_request_approve(*, actor, swap: DutySwapRequest) -> DutySwapRequest:
    """Apply the swap and record it on each roster it touches. The rules are checked again: much may
    have changed since the member asked."""
    swap = _lock_pending(swap)
    requester, target = swap.requester, swap.target_member
    # The same lock order as the officer's edits (rosters, then members), then fresh duty rows:
    # an edit made meanwhile is seen, not overwritten.
    roster_ids = sorted({swap.duty.roster_id} | ({swap.target_duty.roster_id} if swap.target_duty_id else set()))
    list(DutyRoster.objects.select_for_update().filter(pk__in=roster_ids).order_by("pk"))
    _lock_members(requester, target)
    requester.refresh_from_db(fields=["is_active"])
    target.refresh_from_db(fields=["is_active"])
    duty = DutyAssignment.objects.select_related("roster__workstation").get(pk=swap.duty_id)
    target_duty = None
    if swap.target_duty_id:
        target_duty = DutyAssignment.objects.select_related("roster__workstation").get(pk=swap.target_duty_id)
    if duty.member_id != requester.pk or (target_duty is not None and target_duty.member_id != target.pk):
        raise RosterError(_("值班已被调整，该换班申请不再适用，请拒绝。"))
    _check_feasible(duty, requester, target, target_duty)
    duty.member = target
    _save_duty(duty, update_fields=["member", "updated_at"])
    if target_duty is not None:
        target_duty.member = requester
        _save_duty(target_duty, update_fields=["member", "updated_at"])
    swap.status = SwapStatus.APPROVED
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if target_duty is None:
        summary = _("换班：%(duty)s 由%(requester)s改为%(target)s") % {
            "duty": _duty_label(duty.kind, duty.date, duty.slot),
            "requester": requester.name,
            "target": target.name,
        }
    else:
        summary = _("换班：%(requester)s（%(duty)s）与%(target)s（%(target_duty)s）互换") % {
            "requester": requester.name,
            "duty": _duty_label(duty.kind, duty.date, duty.slot),
            "target": target.name,
            "target_duty": _duty_label(target_duty.kind, target_duty.date, target_duty.slot),
        }
    rosters = {duty.roster.pk: duty.roster}
    if target_duty is not None:
        rosters.setdefault(target_duty.roster.pk, target_duty.roster)
    for roster in rosters.values():
        change_record(
            roster=roster,
            action=RosterChangeAction.SWAP,
            actor=actor,
            summary=summary,
            reason=swap.reason,
            after_publication=roster.status == RosterStatus.PUBLISHED,
            data={"swap": swap.pk},
        )
    _after_commit(_swap_tell_approved, swap.pk)
    return swap


@transaction.atomic
def swap_request_decline(*, actor, swap: DutySwapRequest, note: str = "") -> DutySwapRequest:
    swap = _lock_pending(swap)
    swap.status = SwapStatus.DECLINED
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.decision_note = note[:200]
    swap.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    return swap


@transaction.atomic
def swap_request_cancel(*, requester: Member, swap: DutySwapRequest) -> DutySwapRequest:
    swap = _lock_pending(swap)
    if swap.requester_id != requester.pk:
        raise RosterError(_("只能撤回自己的换班申请。"))
    swap.status = SwapStatus.CANCELLED
    swap.save(update_fields=["status", "updated_at"])
    return swap
