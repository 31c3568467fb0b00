"""Swap requests: a member asks, a liaison officer approves or declines."""

import datetime

import pytest

from accounts.models import StaffNotification
from members import services
from members.choices import DutyKind, RosterChangeAction, Slot, SwapStatus
from members.models import DutySwapRequest, RosterChange
from tests.members.conftest import MARCH, make_member

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 3, 1)
NEXT_MONDAY = datetime.date(2027, 3, 8)


@pytest.fixture
def li(workstation):
    return make_member(workstation, "li", name="李委员")


@pytest.fixture
def zhao(workstation):
    return make_member(workstation, "zhao", name="赵委员")


@pytest.fixture
def published(liaison_officer, workstation, li, zhao):
    """March published: Li on the 1st, Zhao on the 8th."""
    li_duty = services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=li, date=MONDAY, slot=Slot.MORNING
    )
    zhao_duty = services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=zhao, date=NEXT_MONDAY, slot=Slot.MORNING
    )
    services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH, confirm_uncovered=True)
    return li_duty, zhao_duty


def test_a_handover_approved_gives_the_duty_to_the_other_member_and_is_recorded(published, liaison_officer, li, zhao):
    li_duty, _zhao_duty = published
    swap = services.swap_request_create(requester=li, duty=li_duty, target_member=zhao, reason="出差")
    assert swap.status == SwapStatus.PENDING

    services.swap_request_approve(actor=liaison_officer, swap=swap)

    li_duty.refresh_from_db()
    swap.refresh_from_db()
    assert li_duty.member == zhao
    assert (swap.status, swap.decided_by) == (SwapStatus.APPROVED, liaison_officer)
    change = RosterChange.objects.get(action=RosterChangeAction.SWAP)
    assert (change.summary, change.after_publication, change.reason) == (
        "换班：2027-03-01 上午 由李委员改为赵委员",
        True,
        "出差",
    )


def test_an_exchange_approved_swaps_both_duties(published, liaison_officer, li, zhao):
    li_duty, zhao_duty = published
    swap = services.swap_request_create(requester=li, duty=li_duty, target_member=zhao, target_duty=zhao_duty)

    services.swap_request_approve(actor=liaison_officer, swap=swap)

    li_duty.refresh_from_db()
    zhao_duty.refresh_from_db()
    assert (li_duty.member, zhao_duty.member) == (zhao, li)
    assert RosterChange.objects.get(action=RosterChangeAction.SWAP).summary == (
        "换班：李委员（2027-03-01 上午）与赵委员（2027-03-08 上午）互换"
    )


def test_a_declined_swap_changes_nothing(published, liaison_officer, li, zhao):
    li_duty, _ = published
    swap = services.swap_request_create(requester=li, duty=li_duty, target_member=zhao)
    changes = RosterChange.objects.count()

    services.swap_request_decline(actor=liaison_officer, swap=swap, note="人手不足")

    li_duty.refresh_from_db()
    swap.refresh_from_db()
    assert li_duty.member == li
    assert (swap.status, swap.decision_note) == (SwapStatus.DECLINED, "人手不足")
    assert RosterChange.objects.count() == changes
    with pytest.raises(services.RosterError) as error:
        services.swap_request_approve(actor=liaison_officer, swap=swap)
    assert str(error.value) == "该换班申请已处理（已拒绝）。"


def test_approval_checks_the_rules_again(published, liaison_officer, li, zhao, other_workstation):
    # given: Li asks Zhao to take the 1st; meanwhile Zhao was booked at Luoxi that day
    li_duty, _ = published
    swap = services.swap_request_create(requester=li, duty=li_duty, target_member=zhao)
    zhao.workstations.add(other_workstation)
    services.duty_add(
        actor=liaison_officer, workstation=other_workstation, month=MARCH, member=zhao, date=MONDAY, slot=Slot.AFTERNOON
    )

    # when: the officer approves
    with pytest.raises(services.RosterError) as error:
        services.swap_request_approve(actor=liaison_officer, swap=swap)

    # then: refused with the reason; the duty and the request are unchanged
    assert str(error.value) == "赵委员 在03-01已有值班（罗溪社区委员工作室 下午），不能重复安排。"
    li_duty.refresh_from_db()
    swap.refresh_from_db()
    assert (li_duty.member, swap.status) == (li, SwapStatus.PENDING)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_mine", "只能为自己的值班申请换班。"),
        ("myself", "不能和自己换班。"),
        ("inactive", "赵委员 已不在职，不能安排值班。"),
        ("twice", "该值班已有待审批的换班申请。"),
    ],
)
def test_bad_swap_requests_are_refused(published, li, zhao, case, message):
    li_duty, zhao_duty = published
    requester, duty, target = li, li_duty, zhao
    if case == "not_mine":
        duty = zhao_duty
    elif case == "myself":
        target = li
    elif case == "inactive":
        zhao.is_active = False
        zhao.save()
    elif case == "twice":
        services.swap_request_create(requester=li, duty=li_duty, target_member=zhao)
    before = DutySwapRequest.objects.count()

    with pytest.raises(services.RosterError) as error:
        services.swap_request_create(requester=requester, duty=duty, target_member=target)

    assert str(error.value) == message
    assert DutySwapRequest.objects.count() == before


def test_a_draft_duty_is_changed_by_the_officer_not_by_a_swap(liaison_officer, workstation, li, zhao):
    duty = services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=li, kind=DutyKind.MONTH
    )

    with pytest.raises(services.RosterError) as error:
        services.swap_request_create(requester=li, duty=duty, target_member=zhao)

    assert str(error.value) == "值班表尚未发布，请直接联系联络员调整。"


def test_a_member_cancels_their_own_request(published, li, zhao):
    li_duty, _ = published
    swap = services.swap_request_create(requester=li, duty=li_duty, target_member=zhao)

    with pytest.raises(services.RosterError):
        services.swap_request_cancel(requester=zhao, swap=swap)
    services.swap_request_cancel(requester=li, swap=swap)

    swap.refresh_from_db()
    assert swap.status == SwapStatus.CANCELLED


def test_a_past_duty_cannot_be_swapped(published, li, zhao, time_machine):
    li_duty, _ = published
    time_machine.move_to(datetime.datetime(2027, 3, 2, 10, 0, tzinfo=datetime.UTC))

    with pytest.raises(services.RosterError) as error:
        services.swap_request_create(requester=li, duty=li_duty, target_member=zhao)

    assert str(error.value) == "已经过去的值班不能换班。"


# --- who is told (accounts.services.staff_notify) ----------------------------------------------


def test_a_swap_request_tells_the_liaison_officer_and_the_other_member(
    published, liaison_officer, li, zhao, notifications, django_capture_on_commit_callbacks
):
    li_duty, _ = published
    liaison_officer.email = "liaison@example.org"
    liaison_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.swap_request_create(requester=li, duty=li_duty, target_member=zhao, reason="出差")
    rows = {n.user_id: n for n in StaffNotification.objects.all()}
    assert rows[liaison_officer.pk].subject == "换班申请待审批"
    assert rows[liaison_officer.pk].link == "/rosters/swaps/"
    assert "李委员申请将值班" in rows[liaison_officer.pk].body
    assert rows[zhao.user_id].subject == "换班申请"
    assert rows[zhao.user_id].link == "/my/duties/"
    assert li.user_id not in rows
    assert sorted((n.channel, n.recipient) for n in notifications) == sorted(
        [("email", "liaison@example.org"), ("sms", zhao.phone)]
    )


def test_an_approved_swap_tells_the_member_who_now_has_the_duty(
    published, liaison_officer, li, zhao, django_capture_on_commit_callbacks
):
    li_duty, _ = published
    swap = services.swap_request_create(requester=li, duty=li_duty, target_member=zhao)
    StaffNotification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.swap_request_approve(actor=liaison_officer, swap=swap)
    (row,) = StaffNotification.objects.all()
    assert row.user_id == zhao.user_id
    assert row.subject == "换班已批准"
    assert "2027-03-01 上午 现由您值班" in row.body


def test_an_approved_exchange_tells_both_members(
    published, liaison_officer, li, zhao, django_capture_on_commit_callbacks
):
    li_duty, zhao_duty = published
    swap = services.swap_request_create(requester=li, duty=li_duty, target_member=zhao, target_duty=zhao_duty)
    StaffNotification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.swap_request_approve(actor=liaison_officer, swap=swap)
    assert sorted(StaffNotification.objects.values_list("user_id", flat=True)) == sorted([li.user_id, zhao.user_id])
