"""The demo's duty rosters: reception rules, then this month and the next generated and published."""

import datetime

from django.db.models import Q

from accounts.models import User
from common.demo import data
from members.choices import DutyKind, RosterStatus, SwapStatus
from members.models import DutyAssignment, DutyRoster, DutySwapRequest, ReceptionRule
from members.services.errors import RosterError
from members.services.generate import roster_generate
from members.services.reception import reception_rule_add
from members.services.rosters import check_member_can_take, roster_publish
from members.services.swaps import swap_request_create

# The README's demo story: 王建国 on duty at 西流湾 every day; a swap at 罗溪 for the liaison officer.
README_MEMBER = "wangjianguo"
README_WORKSTATION = "xiliuwan"
SWAP_WORKSTATION = "luoxi"


def _month_start(day: datetime.date, months_ahead: int = 0) -> datetime.date:
    month = day.month - 1 + months_ahead
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def rosters_build(demo) -> None:
    """Reception rules from each workstation's published hours, then this and next month generated
    and published through the rosters' own services, as a liaison officer would."""
    for code, rules in data.RECEPTION_RULES.items():
        workstation = demo.workstations[code]
        for weekday, week_of_month, slot in rules:
            if not ReceptionRule.objects.filter(
                workstation=workstation, weekday=weekday, week_of_month=week_of_month, slot=slot
            ).exists():
                reception_rule_add(workstation=workstation, weekday=weekday, week_of_month=week_of_month, slot=slot)
    officer = User.objects.get(username="liaison")
    months = [_month_start(demo.today), _month_start(demo.today, 1)]
    roster_generate(actor=officer, workstations=list(demo.workstations.values()), months=months)
    readme_member_on_duty(demo, months)
    for roster in DutyRoster.objects.filter(month__in=months, status=RosterStatus.DRAFT).select_related("workstation"):
        roster_publish(actor=officer, workstation=roster.workstation, month=roster.month, confirm_uncovered=True)
    swap_for_the_liaison_officer(demo)


def readme_member_on_duty(demo, months) -> None:
    """The README's demo member (王建国) is the one a citizen's case at 西流湾 goes to on every day
    of these months: the month's lead there and the holder of each of its reception slots (a slot
    comes first on its day). His duties elsewhere that would collide (a month lead, a slot on one
    of those days) go to another member of that workstation, or are dropped when nobody can take
    them. Saved row by row, so the on-duty cache hears of it."""
    member = demo.members[README_MEMBER]
    workstation = demo.workstations[README_WORKSTATION]
    for month in months:
        roster = DutyRoster.objects.filter(workstation=workstation, month=month).first()
        if roster is None:
            continue
        duties = list(roster.assignments.all())
        slot_dates = {duty.date for duty in duties if duty.kind == DutyKind.SLOT}
        collisions = (
            DutyAssignment.objects.filter(member=member, roster__month=month)
            .exclude(roster=roster)
            .filter(Q(kind=DutyKind.MONTH) | Q(date__in=slot_dates))
            .select_related("roster__workstation")
        )
        for duty in collisions:
            replacement = _replacement(duty, instead_of=member)
            if replacement is None:
                duty.delete()
            else:
                duty.member = replacement
                duty.save(update_fields=["member", "updated_at"])
        for duty in duties:
            if duty.member_id != member.pk:
                duty.member = member
                duty.save(update_fields=["member", "updated_at"])
        if not any(duty.kind == DutyKind.MONTH for duty in duties):
            DutyAssignment.objects.create(roster=roster, member=member, kind=DutyKind.MONTH)


def _replacement(duty: DutyAssignment, *, instead_of):
    for candidate in duty.roster.workstation.members.active().exclude(pk=instead_of.pk).order_by("pk"):
        try:
            check_member_can_take(
                member=candidate,
                roster=duty.roster,
                kind=duty.kind,
                date=duty.date,
                slot=duty.slot,
                ignore=(duty.pk,),
            )
        except RosterError:
            continue
        return candidate
    return None


def swap_for_the_liaison_officer(demo) -> None:
    """A pending swap the demo liaison officer can approve: a member of 罗溪 (which the officer
    serves) asks to hand a coming duty to a colleague there, through the members' own service."""
    workstation = demo.workstations[SWAP_WORKSTATION]
    if DutySwapRequest.objects.filter(duty__roster__workstation=workstation, status=SwapStatus.PENDING).exists():
        return
    today = demo.today
    duties = (
        DutyAssignment.objects.filter(roster__workstation=workstation, roster__status=RosterStatus.PUBLISHED)
        .filter(Q(kind=DutyKind.SLOT, date__gt=today) | Q(kind=DutyKind.MONTH, roster__month__gt=today))
        .select_related("roster__workstation", "member")
        .order_by("roster__month", "kind", "date")
    )
    for duty in duties:
        for target in workstation.members.active().exclude(pk=duty.member_id).order_by("pk"):
            try:
                swap_request_create(
                    requester=duty.member,
                    duty=duty,
                    target_member=target,
                    reason="那几天要去长沙参加培训，想请同工作室的委员代为值班。",
                )
            except RosterError:
                continue
            return
