"""The real case the office tells: a noise complaint at 21:30 on the river bank, a field visit the
next day, a micro-proposal accepted and assigned to 城管局, the result reported five working days
later, the citizen told, the case solved — and the timeline the citizen sees, line by line."""

import datetime
import zoneinfo

import pytest
import time_machine

from common.calendar import working_days_between
from departments.services import assignment_acknowledge, assignment_report
from petitions.choices import Channel, EventType, Outcome, Status, Track
from petitions.events import event_write
from petitions.services.handling import petition_claim, petition_triage
from proposals.choices import Status as ProposalStatus
from proposals.services import proposal_accept, proposal_assign, proposal_confirm, proposal_draft, proposal_submit
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0):
    return time_machine.travel(datetime.datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI), tick=False)


def test_noise_complaint_to_solved(
    member, workstation, reviewer, department, department_handler, notifications, django_capture_on_commit_callbacks
):
    noise = factories.CategoryFactory(name="噪音", code="noise")
    # 21:30 on Monday 9 March 2026 a resident scans the QR code and reports the noise.
    with at(9, 21, 30):
        petition = factories.PetitionFactory(
            workstation=workstation,
            category=noise,
            channel=Channel.ONLINE,
            content="河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。",
            location="资江河堤广场",
        )
        # (what intake writes; the intake service is built on another branch)
        event_write(
            petition=petition,
            type=EventType.SUBMITTED,
            to_status=Status.RECEIVED,
            public=True,
            message="诉求已提交，等待委员受理。",
        )
    # The next morning the duty member takes it and chooses track 4.
    with at(10, 8, 30):
        petition_claim(user=member.user, petition_id=petition.pk)
        petition_triage(user=member.user, petition_id=petition.pk, track=Track.PROPOSE)
    # In the afternoon, after visiting the river bank, the member drafts and submits a micro-proposal.
    with at(10, 15):
        proposal = proposal_draft(
            user=member.user,
            petition_ids=[petition.pk],
            kind="micro",
            title="关于规范河堤广场夜间文体活动音量的微建议",
            facts="3月10日实地走访：21时后广场仍有多处音响，实测约75分贝，临近一中高三宿舍。",
            suggestion="建议城管局划定广场活动时段和音量上限，21时后停止使用扩音设备，并加强巡查。",
            suggested_department=department,
        )
    with at(10, 16):
        proposal_submit(user=member.user, proposal_id=proposal.pk)
    # Wednesday: the CPPCC accepts it and assigns it to 城管局, which acknowledges.
    with at(11, 9):
        proposal_accept(user=reviewer, proposal_id=proposal.pk)
    with at(11, 9, 5):
        proposal_assign(user=reviewer, proposal_id=proposal.pk, lead_department=department)
    assignment = proposal.assignments.get()
    with at(11, 10):
        assignment_acknowledge(assignment_id=assignment.pk, user=department_handler)
    # Five working days later 城管局 reports it fixed.
    with at(18, 10):
        assignment_report(
            assignment_id=assignment.pk,
            user=department_handler,
            result="已在广场设置公告牌，21时后禁止使用扩音设备，城管队员每晚巡查。",
        )
    assert working_days_between(datetime.date(2026, 3, 11), datetime.date(2026, 3, 18)) == 5
    # The member confirms, grades it A, and tells the citizen.
    with at(18, 15), django_capture_on_commit_callbacks(execute=True):
        proposal_confirm(
            user=member.user,
            proposal_id=proposal.pk,
            grade="A",
            handling_rating="satisfied",
            reply="城管局已规范河堤广场夜间活动，21时后禁止使用扩音设备并每晚巡查。感谢您的反映！",
            outcome=Outcome.SOLVED,
        )

    petition.refresh_from_db()
    proposal.refresh_from_db()
    assert (petition.status, petition.outcome) == (Status.CLOSED, Outcome.SOLVED)
    assert (proposal.status, proposal.result_grade) == (ProposalStatus.CLOSED, "A")
    # The citizen was told, without any personal data in the message, and asked to rate.
    assert [(n.recipient, n.body) for n in notifications] == [
        (
            "13800138000",
            f"【委员工作室】您的诉求（查询码 {petition.tracking_code}）："
            "城管局已规范河堤广场夜间活动，21时后禁止使用扩音设备并每晚巡查。感谢您的反映！",
        ),
        (
            "13800138000",
            f"【委员工作室】您的诉求（查询码 {petition.display_code}）已办结，请对办理过程和办理结果评价："
            f"http://127.0.0.1:8000/track/{petition.tracking_code}/",
        ),
    ]
    # The timeline the citizen sees on /track/, line by line.
    public = [
        (event.created_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M"), event.get_type_display(), event.message)
        for event in petition.events.public().order_by("created_at", "pk")
    ]
    assert public == [
        ("03-09 21:30", "提交诉求", "诉求已提交，等待委员受理。"),
        ("03-10 08:30", "分派委员", "委员已受理您的诉求。"),
        ("03-10 08:30", "确定办理方式", "委员已确定办理方式：提交建议。"),
        ("03-10 15:00", "起草建议", "委员已实地走访核实，正在起草微建议。"),
        ("03-10 16:00", "提交建议", "委员已提交微建议，等待政协审核。"),
        ("03-11 09:00", "建议审核通过", "建议已通过政协审核，即将交办相关部门。"),
        ("03-11 09:05", "交办部门", "建议已交办城管局（主办）。"),
        ("03-11 10:00", "部门签收", "城管局已签收，正在办理。"),
        ("03-18 10:00", "部门反馈办理结果", "城管局已反馈办理结果，委员正在确认。"),
        (
            "03-18 15:00",
            "答复群众",
            "城管局已规范河堤广场夜间活动，21时后禁止使用扩音设备并每晚巡查。感谢您的反映！",
        ),
        ("03-18 15:00", "办结", "已办结：已解决。"),
    ]
    # Nothing internal or personal among them: the field-visit facts and the department's own
    # wording stay in the internal data, the citizen's phone appears nowhere.
    assert all("13800138000" not in message for _, _, message in public)
    assert petition.events.exclude(visibility="public").count() == 0
