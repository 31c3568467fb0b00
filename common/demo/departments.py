"""The departments' side of the demo: a consultation put to a department and its answer, the
assignments of a proposal (lead and co-handler) and their state, each with the hand-off that
reached the department."""

import datetime

from common.deadlines import Stage, stage_due_date
from handoffs.choices import DeliveryState
from handoffs.models import Delivery, DeliveryAttempt
from petitions.choices import ConsultationStatus
from petitions.models import Consultation
from proposals.choices import AssignmentRole, AssignmentStatus
from proposals.models import ProposalAssignment


def consultation_build(demo, petition, member, received_at, *, answered: bool) -> None:
    """A consultation to 行政审批服务局, pending or answered, delivered the day after receipt."""
    department = demo.departments["行政审批服务局"]
    consultation = Consultation.objects.create(
        petition=petition,
        department=department,
        question="居民咨询老旧小区加装电梯的审批条件和补贴标准，请告知具体政策。",
        asked_by=member,
        status=ConsultationStatus.ANSWERED if answered else ConsultationStatus.PENDING,
        due_date=stage_due_date(Stage.CONSULTATION, start=received_at.date(), department=department),
        answer="根据《益阳市既有住宅加装电梯实施办法》，需本单元三分之二以上业主同意，每台补贴15万元。"
        if answered
        else "",
        answered_at=received_at + datetime.timedelta(days=4) if answered else None,
        answered_by=department.handlers.first() if answered else None,
    )
    # Written today, the row would say it was sent after it was answered.
    Consultation.objects.filter(pk=consultation.pk).update(created_at=received_at + datetime.timedelta(days=1))
    delivery = Delivery.objects.create(
        kind="consultation",
        department=department,
        channel=department.channel,
        consultation=consultation,
        payload={"type": "consultation", "consultation_id": consultation.pk},
        state=DeliveryState.DELIVERED,
        attempts=1,
        delivered_at=received_at + datetime.timedelta(days=1),
    )
    DeliveryAttempt.objects.create(delivery=delivery, started_at=delivery.delivered_at, succeeded=True)


def assignments_build(demo, proposal, department, received_at, proposal_status: str, *, result: str = "") -> None:
    """The lead assignment in the state the proposal reached, 生态环境局 as co-handler of a reported
    城管局 case, and the hand-off of the lead assignment."""
    assignment_status = {
        "assigned": AssignmentStatus.PENDING,
        "acknowledged": AssignmentStatus.ACKNOWLEDGED,
        "contested": AssignmentStatus.CONTESTED,
    }.get(proposal_status, AssignmentStatus.REPORTED)
    assigned_on = (received_at + datetime.timedelta(days=2)).date()
    reported = assignment_status == AssignmentStatus.REPORTED
    assignment = ProposalAssignment.objects.create(
        proposal=proposal,
        department=department,
        role=AssignmentRole.LEAD,
        status=assignment_status,
        assigned_by=demo.reviewer,
        acknowledge_due=stage_due_date(Stage.DEPARTMENT_ACKNOWLEDGE, start=assigned_on, department=department),
        due_date=stage_due_date(Stage.DEPARTMENT_HANDLING, start=assigned_on, department=department),
        acknowledged_at=received_at + datetime.timedelta(days=3)
        if assignment_status != AssignmentStatus.PENDING
        else None,
        contest_reason="该路段属住建局管养范围，请改派住建局。"
        if assignment_status == AssignmentStatus.CONTESTED
        else "",
        result=(result or "已责令河堤广场各活动团队21时后关闭音响，设置噪声提示牌4块，夜间巡查已常态化。")
        if reported
        else "",
        reported_at=received_at + datetime.timedelta(days=7) if reported else None,
        reported_by=department.handlers.first() if reported else None,
    )
    assigned_at = received_at + datetime.timedelta(days=2)
    ProposalAssignment.objects.filter(pk=assignment.pk).update(created_at=assigned_at)
    if proposal_status in {"result_reported", "closed"} and department.short_name == "城管局":
        co = demo.departments["生态环境局"]
        co_assignment = ProposalAssignment.objects.create(
            proposal=proposal,
            department=co,
            role=AssignmentRole.CO,
            status=AssignmentStatus.REPORTED,
            assigned_by=demo.reviewer,
            acknowledge_due=assignment.acknowledge_due,
            due_date=assignment.due_date,
            acknowledged_at=received_at + datetime.timedelta(days=3),
            result="会办意见：已配合开展夜间噪声监测，数据共享城管局。"
            if result
            else "会办意见：已在河堤广场布设噪声监测点，数据共享城管局。",
            reported_at=received_at + datetime.timedelta(days=6),
        )
        ProposalAssignment.objects.filter(pk=co_assignment.pk).update(created_at=assigned_at)
    if proposal_status == "closed":
        # The member graded each department as they confirmed (issue 16): the lead A, the co-handler B.
        graded_at = received_at + datetime.timedelta(days=8)
        proposal.assignments.filter(role=AssignmentRole.LEAD).update(
            grade="A", handling_rating="satisfied", graded_at=graded_at
        )
        proposal.assignments.filter(role=AssignmentRole.CO).update(
            grade="B", handling_rating="basically_satisfied", graded_at=graded_at
        )
    delivery = Delivery.objects.create(
        kind="assignment",
        department=department,
        channel=department.channel,
        assignment=assignment,
        payload={"type": "assignment", "assignment_id": assignment.pk},
        state=DeliveryState.DELIVERED,
        attempts=1,
        delivered_at=received_at + datetime.timedelta(days=2, minutes=1),
    )
    DeliveryAttempt.objects.create(delivery=delivery, started_at=delivery.delivered_at, succeeded=True)
