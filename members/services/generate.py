"""Fill draft rosters with the generator (members.generator) and record what it did."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from common.calendar import workdays_in
from members import generator
from members.choices import DutyKind, RosterChangeAction, RosterStatus
from members.models import DutyAssignment, DutyRoster, Member, MemberUnavailability, ReceptionRule, RosterChange
from members.services.errors import RosterError


@dataclass
class GenerationReport:
    added: int
    unfilled: list[generator.Unfilled]
    skipped: list[tuple[int, datetime.date]]  # published months left as they were
    workstations: dict[int, object]

    def unfilled_lines(self) -> list[str]:
        lines = []
        for item in self.unfilled:
            what = (
                _("%(month)s 整月负责") % {"month": f"{item.month:%Y-%m}"}
                if item.kind == DutyKind.MONTH
                else f"{item.date:%Y-%m-%d} {generator.Slot(item.slot).label}"
            )
            lines.append(f"{self.workstations[item.workstation_id]} {what}：{item.reason}")
        return lines


def generation_months(month: datetime.date, scope: str) -> list[datetime.date]:
    """The months a generation covers: `month` alone ("month"), from it to December
    ("rest_of_year") or the whole of its year ("year"), as the roster page and the API offer."""
    if scope == "rest_of_year":
        return [month.replace(month=m) for m in range(month.month, 13)]
    if scope == "year":
        return [month.replace(month=m) for m in range(1, 13)]
    return [month]


def _last_day(month: datetime.date) -> datetime.date:
    return generator.month_days(month)[-1]


@transaction.atomic
def roster_generate(*, actor, workstations, months: list[datetime.date]) -> GenerationReport:
    """Fill the draft rosters of `workstations` for `months` (creating them as needed), keeping every
    duty already there and leaving published months alone. Deterministic: the same rows in, the
    same duties out. Permissions are the caller's: pass only workstations the actor manages."""
    months = sorted({month.replace(day=1) for month in months})
    workstations = sorted(workstations, key=lambda w: w.code)
    if not months or not workstations:
        return GenerationReport(0, [], [], {})
    first, last = months[0], _last_day(months[-1])
    ws_ids = [w.pk for w in workstations]

    # Lock the rosters so two officers generating at once queue up instead of colliding.
    existing_rosters = {
        (r.workstation_id, r.month): r for r in DutyRoster.objects.filter(workstation__in=ws_ids, month__in=months)
    }
    missing = [DutyRoster(workstation_id=w, month=m) for w in ws_ids for m in months if (w, m) not in existing_rosters]
    DutyRoster.objects.bulk_create(missing, ignore_conflicts=True)
    rosters = {
        (r.workstation_id, r.month): r
        for r in DutyRoster.objects.select_for_update().filter(workstation__in=ws_ids, month__in=months).order_by("pk")
    }
    locked = {key for key, roster in rosters.items() if roster.status == RosterStatus.PUBLISHED}

    members = list(
        Member.objects.active().filter(workstations__in=ws_ids).distinct().order_by("pk").values_list("pk", "sector_id")
    )
    member_ids = [pk for pk, _sector in members]
    # Lock the members too: manual edits lock them, so nobody books them meanwhile.
    list(Member.objects.select_for_update().filter(pk__in=member_ids).order_by("pk").values_list("pk"))
    away = defaultdict(list)
    for member_id, start, end in (
        MemberUnavailability.objects.filter(member__in=member_ids, start__lte=last, end__gte=first)
        .order_by("member", "start")
        .values_list("member", "start", "end")
    ):
        away[member_id].append((start, end))
    serves = defaultdict(list)
    for member_id, ws_id in Member.workstations.through.objects.filter(
        workstation__in=ws_ids, member__in=member_ids
    ).values_list("member", "workstation"):
        serves[ws_id].append(member_id)
    rules = defaultdict(list)
    for rule in ReceptionRule.objects.filter(workstation__in=ws_ids, is_active=True).order_by("pk"):
        rules[rule.workstation_id].append(generator.Rule(rule.weekday, rule.week_of_month, rule.slot))

    # Existing duties: those of these rosters, and those of these members anywhere in the period.
    existing = [
        generator.Duty(ws_id, month, kind, member_id, date, slot or None)
        for ws_id, month, kind, member_id, date, slot in DutyAssignment.objects.filter(
            Q(roster__workstation__in=ws_ids, roster__month__in=months)
            | Q(member__in=member_ids, roster__month__gte=first, roster__month__lte=last)
        )
        .order_by("pk")
        .values_list("roster__workstation", "roster__month", "kind", "member", "date", "slot")
    ]
    result = generator.generate(
        workstations=[
            generator.WorkstationInput(w.pk, w.code, tuple(sorted(serves[w.pk])), tuple(rules[w.pk]))
            for w in workstations
        ],
        members=[generator.MemberInput(pk, sector, tuple(away[pk])) for pk, sector in members],
        months=months,
        existing=existing,
        locked=locked,
        workdays=workdays_in(first, last),
    )
    new = [
        DutyAssignment(
            roster=rosters[(duty.workstation_id, duty.month)],
            member_id=duty.member_id,
            kind=duty.kind,
            date=duty.date,
            slot=duty.slot or "",
        )
        for duty in result.planned
    ]
    try:
        with transaction.atomic():
            DutyAssignment.objects.bulk_create(new, batch_size=1000)
    except IntegrityError as error:
        raise RosterError(_("值班表刚被他人修改，请刷新后重新生成。")) from error
    added = defaultdict(int)
    for duty in result.planned:
        added[(duty.workstation_id, duty.month)] += 1
    gaps = defaultdict(int)
    for item in result.unfilled:
        gaps[(item.workstation_id, item.month)] += 1
    # One recorded change per roster touched, inserted in one statement (a year for 36
    # workstations is 432 of them).
    RosterChange.objects.bulk_create(
        [
            RosterChange(
                roster=rosters[key],
                action=RosterChangeAction.GENERATE,
                actor=actor,
                summary=_("自动排班：新增 %(added)d 项，未能安排 %(unfilled)d 项")
                % {"added": added[key], "unfilled": gaps[key]},
                data={"added": added[key], "unfilled": gaps[key]},
            )
            for key in sorted(set(added) | set(gaps), key=lambda k: (k[1], k[0]))
        ]
    )
    return GenerationReport(
        added=len(new),
        unfilled=result.unfilled,
        skipped=result.skipped,
        workstations={w.pk: w for w in workstations},
    )
