"""Writes to rosters: add, remove and move duties, publish a month. Every change is recorded as a
RosterChange; a published month changes only with an explicit confirmation and a reason (or by an
approved swap, members.services.swaps).

Permissions are the caller's job: views fetch the workstation or duty through
`members.selectors.workstation_get_for_officer` / `duty_get_for_officer`, which 404 otherwise.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.choices import DutyKind, RosterChangeAction, RosterStatus, Slot
from members.models import DutyAssignment, DutyRoster, Member, MemberUnavailability, RosterChange
from members.selectors import roster_gaps
from members.services.errors import RosterError, UncoveredSlotsError


def roster_get_or_create(*, workstation, month: datetime.date) -> DutyRoster:
    month = month.replace(day=1)
    roster, _created = DutyRoster.objects.get_or_create(workstation=workstation, month=month)
    return roster


def _lock_roster(roster: DutyRoster) -> DutyRoster:
    return DutyRoster.objects.select_for_update().select_related("workstation").get(pk=roster.pk)


def _lock_members(*members: Member) -> None:
    # Serialises every duty change of these members, so the rules checked below (no double
    # booking across workstations, month leads) cannot be raced; ordered by pk against deadlocks.
    list(Member.objects.select_for_update().filter(pk__in=sorted({m.pk for m in members})).order_by("pk"))


def _duty_label(kind: str, date, slot: str) -> str:
    if kind == DutyKind.MONTH:
        return str(DutyKind.MONTH.label)
    return f"{date:%Y-%m-%d} {Slot(slot).label}"


def check_member_can_take(
    *,
    member: Member,
    roster: DutyRoster,
    kind: str,
    date: datetime.date | None,
    slot: str,
    ignore: tuple[int, ...] = (),
) -> None:
    """Raise RosterError with a friendly reason when `member` may not take this duty on `roster`.

    `ignore`: pks of duties about to be moved or handed over, which must not count as conflicts.
    """
    name = member.name
    workstation = roster.workstation
    if not member.is_active:
        raise RosterError(_("%(name)s 已不在职，不能安排值班。") % {"name": name})
    if not member.workstations.filter(pk=workstation.pk).exists():
        raise RosterError(
            _("%(name)s 不在%(workstation)s，不能在此值班。") % {"name": name, "workstation": workstation}
        )
    others = DutyAssignment.objects.filter(member=member).exclude(pk__in=ignore).select_related("roster__workstation")
    month = roster.month
    if kind == DutyKind.MONTH:
        lead = others.filter(kind=DutyKind.MONTH, roster__month=month).first()
        if lead is not None:
            raise RosterError(
                _("%(name)s 本月已在%(workstation)s负责值班。") % {"name": name, "workstation": lead.roster.workstation}
            )
        elsewhere = (
            others.filter(kind=DutyKind.SLOT, roster__month=month).exclude(roster__workstation=workstation).first()
        )
        if elsewhere is not None:
            raise RosterError(
                _("%(name)s 本月%(date)s已在%(workstation)s值班，不能再负责本工作室整月值班。")
                % {"name": name, "date": f"{elsewhere.date:%m-%d}", "workstation": elsewhere.roster.workstation}
            )
        last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        if MemberUnavailability.objects.filter(member=member, start__lte=month, end__gte=last).exists():
            raise RosterError(_("%(name)s 整月不可值班。") % {"name": name})
        return
    if date is None or not slot:
        raise RosterError(_("请选择值班日期和时段。"))
    if date.replace(day=1) != month:
        raise RosterError(_("%(date)s 不在%(month)s。") % {"date": f"{date:%Y-%m-%d}", "month": f"{month:%Y年%m月}"})
    same_day = others.filter(date=date).first()
    if same_day is not None:
        raise RosterError(
            _("%(name)s 在%(date)s已有值班（%(workstation)s %(slot)s），不能重复安排。")
            % {
                "name": name,
                "date": f"{date:%m-%d}",
                "workstation": same_day.roster.workstation,
                "slot": same_day.get_slot_display(),
            }
        )
    lead_elsewhere = (
        others.filter(kind=DutyKind.MONTH, roster__month=month).exclude(roster__workstation=workstation).first()
    )
    if lead_elsewhere is not None:
        raise RosterError(
            _("%(name)s 本月在%(workstation)s负责值班，不能再到其他工作室值班。")
            % {"name": name, "workstation": lead_elsewhere.roster.workstation}
        )
    away = MemberUnavailability.objects.filter(member=member, start__lte=date, end__gte=date).first()
    if away is not None:
        raise RosterError(
            _("%(name)s 在%(date)s不可值班（%(reason)s）。")
            % {"name": name, "date": f"{date:%m-%d}", "reason": away.reason or _("未注明原因")}
        )
    taken = (
        roster.assignments.filter(kind=DutyKind.SLOT, date=date)
        .exclude(pk__in=ignore)
        .select_related("member__user")
        .first()
    )
    if taken is not None and (taken.slot == slot or Slot.FULL_DAY in (taken.slot, slot)):
        raise RosterError(
            _("%(date)s %(slot)s已由%(name)s值班。")
            % {"date": f"{date:%m-%d}", "slot": taken.get_slot_display(), "name": taken.member.name}
        )


def _check_editable(roster: DutyRoster, *, confirm_published: bool, reason: str) -> bool:
    """True when the roster is published (the change is then recorded as an edit after publication)."""
    if roster.status != RosterStatus.PUBLISHED:
        return False
    if not confirm_published or not reason.strip():
        raise RosterError(_("该月值班表已发布，修改须勾选“确认修改已发布的值班表”并填写原因。"))
    return True


def change_record(
    *, roster: DutyRoster, action: str, actor, summary: str, reason: str = "", after_publication=False, data=None
) -> RosterChange:
    return RosterChange.objects.create(
        roster=roster,
        action=action,
        actor=actor,
        summary=summary[:500],
        reason=reason[:200],
        after_publication=after_publication,
        data=data or {},
    )


def _save_duty(duty: DutyAssignment, update_fields=None) -> None:
    try:
        with transaction.atomic():
            if update_fields:
                duty.save(update_fields=update_fields)
            else:
                duty.save()
    except IntegrityError as error:
        # The rules above were checked under row locks; this only happens when someone changed a
        # duty of the same slot in the same instant.
        raise RosterError(_("该时段或该委员当天的值班刚被他人修改，请刷新后重试。")) from error


@transaction.atomic
def duty_add(
    *,
    actor,
    workstation,
    month: datetime.date,
    member: Member,
    kind: str = DutyKind.SLOT,
    date: datetime.date | None = None,
    slot: str = "",
    note: str = "",
    confirm_published: bool = False,
    reason: str = "",
) -> DutyAssignment:
    """Put `member` on duty at `workstation`: the month lead (kind month) or a reception slot."""
    roster = _lock_roster(roster_get_or_create(workstation=workstation, month=month))
    published = _check_editable(roster, confirm_published=confirm_published, reason=reason)
    _lock_members(member)
    member.refresh_from_db(fields=["is_active"])
    if kind == DutyKind.MONTH:
        date, slot = None, ""
        current = roster.assignments.filter(kind=DutyKind.MONTH).select_related("member__user").first()
        if current is not None:
            raise RosterError(_("本月已由%(name)s负责，请先删除再安排。") % {"name": current.member.name})
    check_member_can_take(member=member, roster=roster, kind=kind, date=date, slot=slot)
    duty = DutyAssignment(roster=roster, member=member, kind=kind, date=date, slot=slot, note=note)
    _save_duty(duty)
    change_record(
        roster=roster,
        action=RosterChangeAction.ADD,
        actor=actor,
        summary=_("安排 %(name)s：%(duty)s") % {"name": member.name, "duty": _duty_label(kind, date, slot)},
        reason=reason,
        after_publication=published,
        data={"duty": duty.pk, "member": member.pk, "kind": kind, "date": date and date.isoformat(), "slot": slot},
    )
    return duty


@transaction.atomic
def duty_remove(*, actor, duty: DutyAssignment, confirm_published: bool = False, reason: str = "") -> None:
    roster = _lock_roster(duty.roster)
    published = _check_editable(roster, confirm_published=confirm_published, reason=reason)
    duty = DutyAssignment.objects.select_related("member__user").get(pk=duty.pk)
    summary = _("取消 %(name)s：%(duty)s") % {
        "name": duty.member.name,
        "duty": _duty_label(duty.kind, duty.date, duty.slot),
    }
    data = {"member": duty.member_id, "kind": duty.kind, "date": duty.date and duty.date.isoformat(), "slot": duty.slot}
    duty.delete()
    change_record(
        roster=roster,
        action=RosterChangeAction.REMOVE,
        actor=actor,
        summary=summary,
        reason=reason,
        after_publication=published,
        data=data,
    )


@transaction.atomic
def duty_move(
    *,
    actor,
    duty: DutyAssignment,
    date: datetime.date | None = None,
    slot: str = "",
    member: Member | None = None,
    confirm_published: bool = False,
    reason: str = "",
) -> DutyAssignment:
    """Move a duty to another date and slot of the same month and/or give it to another member."""
    roster = _lock_roster(duty.roster)
    published = _check_editable(roster, confirm_published=confirm_published, reason=reason)
    duty = DutyAssignment.objects.select_related("member__user").get(pk=duty.pk)
    new_member = member or duty.member
    _lock_members(duty.member, new_member)
    new_member.refresh_from_db(fields=["is_active"])
    if duty.kind == DutyKind.MONTH:
        date, slot = None, ""
    else:
        date = date or duty.date
        slot = slot or duty.slot
    if (new_member.pk, date, slot) == (duty.member_id, duty.date, duty.slot):
        raise RosterError(_("值班没有变化。"))
    check_member_can_take(member=new_member, roster=roster, kind=duty.kind, date=date, slot=slot, ignore=(duty.pk,))
    before = _("%(name)s %(duty)s") % {"name": duty.member.name, "duty": _duty_label(duty.kind, duty.date, duty.slot)}
    data = {
        "duty": duty.pk,
        "from": {"member": duty.member_id, "date": duty.date and duty.date.isoformat(), "slot": duty.slot},
        "to": {"member": new_member.pk, "date": date and date.isoformat(), "slot": slot},
    }
    duty.member, duty.date, duty.slot = new_member, date, slot
    _save_duty(duty, update_fields=["member", "date", "slot", "updated_at"])
    change_record(
        roster=roster,
        action=RosterChangeAction.MOVE,
        actor=actor,
        summary=_("调整 %(before)s → %(name)s %(duty)s")
        % {"before": before, "name": new_member.name, "duty": _duty_label(duty.kind, date, slot)},
        reason=reason,
        after_publication=published,
        data=data,
    )
    return duty


@transaction.atomic
def roster_publish(*, actor, workstation, month: datetime.date, confirm_uncovered: bool = False) -> DutyRoster:
    """Publish a month. Refused while reception slots or the month lead are uncovered, unless the
    officer confirms explicitly; the gaps published anyway are kept in the change record."""
    roster = _lock_roster(roster_get_or_create(workstation=workstation, month=month))
    if roster.status == RosterStatus.PUBLISHED:
        raise RosterError(_("该月值班表已发布。"))
    gaps = roster_gaps(roster=roster)
    if gaps and not confirm_uncovered:
        raise UncoveredSlotsError(
            _("还有 %(count)d 处未安排：%(gaps)s。如仍要发布，请勾选“确认在有空缺的情况下发布”。")
            % {"count": len(gaps), "gaps": "、".join(gap.label for gap in gaps)},
            gaps=gaps,
        )
    roster.status = RosterStatus.PUBLISHED
    roster.published_at = timezone.now()
    roster.published_by = actor
    roster.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    summary = _("发布%(month)s值班表") % {"month": f"{roster.month:%Y年%m月}"}
    if gaps:
        summary += _("（确认空缺 %(count)d 处）") % {"count": len(gaps)}
    change_record(
        roster=roster,
        action=RosterChangeAction.PUBLISH,
        actor=actor,
        summary=summary,
        data={"uncovered": [[gap.date and gap.date.isoformat(), gap.slot] for gap in gaps]},
    )
    return roster
