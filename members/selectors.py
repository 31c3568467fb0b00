import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from members.choices import DutyKind, RosterStatus, Slot
from members.models import DutyAssignment, Member


def members_on_duty(*, workstation, date: datetime.date) -> QuerySet[DutyAssignment]:
    """The published duties at a workstation on a date: the reception slots of that day first
    (morning, afternoon, full day), then the member responsible for the whole month. Intake,
    the public workstation page and the roster pages all ask this one function."""
    month = date.replace(day=1)
    slot_order = Case(
        When(kind=DutyKind.SLOT, slot=Slot.MORNING, then=Value(0)),
        When(kind=DutyKind.SLOT, slot=Slot.AFTERNOON, then=Value(1)),
        When(kind=DutyKind.SLOT, slot=Slot.FULL_DAY, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        DutyAssignment.objects.filter(
            roster__workstation=workstation,
            roster__month=month,
            roster__status=RosterStatus.PUBLISHED,
            member__is_active=True,
        )
        .filter(Q(kind=DutyKind.SLOT, date=date) | Q(kind=DutyKind.MONTH))
        .select_related("member__user", "member__sector")
        .order_by(slot_order, "id")
    )


def member_on_duty(*, workstation, date: datetime.date) -> Member | None:
    """The one member a new petition at this workstation on this date goes to, or None."""
    duty = members_on_duty(workstation=workstation, date=date).first()
    return duty.member if duty else None
