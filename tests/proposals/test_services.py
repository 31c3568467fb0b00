"""Track 4 on the CPPCC side: draft, submit, return, accept, assign, resolve a contest, decide an
extension, confirm and reply to every petitioner."""

import datetime

import pytest

from accounts.models import StaffNotification
from accounts.roles import Role
from departments.services import assignment_acknowledge, assignment_contest, assignment_report, extension_request
from handoffs.models import Delivery
from petitions.choices import EventType, Outcome, Track, Visibility
from petitions.choices import Status as PStatus
from petitions.workflow import ActionNotAllowed, TransitionError
from proposals.choices import AssignmentRole, AssignmentStatus, ExtensionStatus, Status
from proposals.services import (
    assignment_contest_resolve,
    extension_decide,
    proposal_accept,
    proposal_add_petition,
    proposal_assign,
    proposal_confirm,
    proposal_return,
    proposal_submit,
    proposal_update,
)
from tests import factories
from tests.workflow_helpers import (
    assigned_proposal,
    drafted_proposal,
    reported_proposal,
    snapshot,
    submitted_proposal,
    today,
    triaged_petition,
)

pytestmark = pytest.mark.django_db


def test_draft_moves_every_petition_to_proposing(member, workstation):
    first = triaged_petition(member, workstation, Track.PROPOSE)
    second = triaged_petition(member, workstation, Track.PROPOSE)
    proposal = drafted_proposal(member, workstation, petitions=[first, second], livelihood_type="road")
    assert proposal.status == Status.DRAFT
    assert proposal.is_livelihood_project is True
    assert set(proposal.petitions.values_list("status", flat=True)) == {PStatus.PROPOSING}
    assert first.events.last().message == "委员已实地走访核实，正在起草微建议。"


def test_draft_from_a_petition_not_in_track_4_is_refused(member, workstation):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    before = snapshot()
    with pytest.raises(TransitionError, match="请先把诉求的办理方式定为“提交建议”。"):
        drafted_proposal(member, workstation, petitions=[petition])
    assert snapshot() == before


def test_draft_from_another_members_petition_is_refused(member, workstation):
    other = factories.MemberFactory(workstations=[workstation])
    petition = triaged_petition(other, workstation, Track.PROPOSE)
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只能把分派给您的诉求纳入建议。"):
        drafted_proposal(member, workstation, petitions=[petition])
    assert snapshot() == before


def test_add_a_petition_to_a_draft(member, workstation):
    proposal = drafted_proposal(member, workstation)
    later = triaged_petition(member, workstation, Track.PROPOSE)
    proposal_add_petition(user=member.user, proposal_id=proposal.pk, petition_id=later.pk)
    assert proposal.petitions.count() == 2


def test_submit_return_revise_resubmit_accept_assign(member, workstation, reviewer, department):
    proposal = drafted_proposal(member, workstation)
    proposal = proposal_submit(user=member.user, proposal_id=proposal.pk)
    assert proposal.status == Status.SUBMITTED
    assert proposal.review_due > today()
    proposal = proposal_return(user=reviewer, proposal_id=proposal.pk, reason="请补充现场照片说明")
    assert (proposal.status, proposal.return_reason) == (Status.RETURNED, "请补充现场照片说明")
    proposal_update(user=member.user, proposal_id=proposal.pk, facts="补充：现场测得 75 分贝。")
    proposal_submit(user=member.user, proposal_id=proposal.pk)
    proposal = proposal_accept(user=reviewer, proposal_id=proposal.pk, title="关于河堤广场夜间噪音的微建议")
    assert (proposal.status, proposal.title) == (Status.ACCEPTED, "关于河堤广场夜间噪音的微建议")
    co = factories.DepartmentFactory(name="公安局")
    proposal = proposal_assign(user=reviewer, proposal_id=proposal.pk, lead_department=department, co_departments=[co])
    assert proposal.status == Status.ASSIGNED
    assignments = {a.department.name: a.role for a in proposal.assignments.select_related("department")}
    assert assignments == {"城管局": AssignmentRole.LEAD, "公安局": AssignmentRole.CO}
    assert Delivery.objects.filter(assignment__proposal=proposal).count() == 2
    petition = proposal.petitions.get()
    assert list(petition.events.values_list("type", "visibility")) == [
        (EventType.TRIAGED, Visibility.PUBLIC),
        (EventType.PROPOSAL_DRAFTED, Visibility.PUBLIC),
        (EventType.PROPOSAL_SUBMITTED, Visibility.PUBLIC),
        (EventType.PROPOSAL_RETURNED, Visibility.INTERNAL),
        (EventType.PROPOSAL_SUBMITTED, Visibility.PUBLIC),
        (EventType.PROPOSAL_ACCEPTED, Visibility.PUBLIC),
        (EventType.PROPOSAL_ASSIGNED, Visibility.PUBLIC),
    ]
    assert petition.events.last().message == "建议已交办城管局（主办），公安局（会办）。"


def test_return_without_reason_and_by_a_member_are_refused(member, workstation):
    proposal = submitted_proposal(member, workstation)
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只有政协审核人员可以审核和交办建议。"):
        proposal_return(user=member.user, proposal_id=proposal.pk, reason="理由")
    with pytest.raises(ActionNotAllowed):
        proposal_accept(user=member.user, proposal_id=proposal.pk)
    assert snapshot() == before


def test_return_without_reason_is_refused(member, workstation, reviewer):
    proposal = submitted_proposal(member, workstation)
    before = snapshot()
    with pytest.raises(TransitionError, match="退回建议须说明理由。"):
        proposal_return(user=reviewer, proposal_id=proposal.pk, reason="  ")
    assert snapshot() == before


def test_assign_before_accept_and_accept_twice_are_refused(member, workstation, reviewer, department):
    proposal = submitted_proposal(member, workstation)
    before = snapshot()
    with pytest.raises(TransitionError, match="该建议当前状态为“待审核”，不能交办。"):
        proposal_assign(user=reviewer, proposal_id=proposal.pk, lead_department=department)
    assert snapshot() == before
    proposal_accept(user=reviewer, proposal_id=proposal.pk)
    before = snapshot()
    with pytest.raises(TransitionError, match="该建议当前状态为“审核通过”，不能进行此操作。"):
        proposal_accept(user=reviewer, proposal_id=proposal.pk)
    assert snapshot() == before


def test_edit_after_submit_is_refused(member, workstation):
    proposal = submitted_proposal(member, workstation)
    before = snapshot()
    with pytest.raises(TransitionError, match="建议已提交审核，不能再修改。"):
        proposal_update(user=member.user, proposal_id=proposal.pk, title="新标题")
    assert snapshot() == before


def test_contest_then_reviewer_reassigns(member, workstation, reviewer, department, department_handler):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get()
    assignment_contest(assignment_id=lead.pk, user=department_handler, reason="噪音执法属公安局职责")
    police = factories.DepartmentFactory(name="公安局")
    new = assignment_contest_resolve(user=reviewer, assignment_id=lead.pk, decision="reassign", department=police)
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.WITHDRAWN
    assert (new.department_id, new.role, new.status) == (police.pk, AssignmentRole.LEAD, AssignmentStatus.PENDING)
    assert Delivery.objects.filter(assignment=new).count() == 1


def test_contest_then_reviewer_confirms(member, workstation, reviewer, department, department_handler):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get()
    assignment_contest(assignment_id=lead.pk, user=department_handler, reason="不归我局")
    assignment = assignment_contest_resolve(user=reviewer, assignment_id=lead.pk, decision="confirm", note="属城管职责")
    assert assignment.status == AssignmentStatus.PENDING
    assignment_acknowledge(assignment_id=lead.pk, user=department_handler)


def test_resolve_a_contest_that_was_not_contested_is_refused(member, workstation, reviewer, department):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    before = snapshot()
    with pytest.raises(TransitionError, match="该交办没有被退单，无需处理。"):
        assignment_contest_resolve(user=reviewer, assignment_id=proposal.assignments.get().pk, decision="confirm")
    assert snapshot() == before


def test_extension_granted_moves_the_deadline(member, workstation, reviewer, department, department_handler):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get()
    new_due = lead.due_date + datetime.timedelta(days=10)
    extension = extension_request(assignment_id=lead.pk, user=department_handler, new_due_date=new_due, reason="需协调")
    extension_decide(user=reviewer, extension_id=extension.pk, grant=True)
    lead.refresh_from_db()
    extension.refresh_from_db()
    assert (extension.status, lead.due_date) == (ExtensionStatus.GRANTED, new_due)
    assert proposal.petitions.get().due_date == new_due


def test_extension_refused_keeps_the_deadline_and_needs_a_reason(
    member, workstation, reviewer, department, department_handler
):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get()
    old_due = lead.due_date
    extension = extension_request(
        assignment_id=lead.pk, user=department_handler, new_due_date=old_due + datetime.timedelta(days=3), reason="忙"
    )
    before = snapshot()
    with pytest.raises(TransitionError, match="不同意延期须说明理由。"):
        extension_decide(user=reviewer, extension_id=extension.pk, grant=False)
    assert snapshot() == before
    extension_decide(user=reviewer, extension_id=extension.pk, grant=False, note="期限内可以办结")
    lead.refresh_from_db()
    assert lead.due_date == old_due


def test_confirm_replies_to_every_petitioner_and_closes_solved(
    member, workstation, reviewer, department, department_handler, notifications, django_capture_on_commit_callbacks
):
    first = triaged_petition(member, workstation, Track.PROPOSE)
    second = triaged_petition(member, workstation, Track.PROPOSE, citizen_phone="13700137000")
    proposal = reported_proposal(
        member, workstation, reviewer, department, department_handler, petitions=[first, second]
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_confirm(
            user=member.user,
            proposal_id=proposal.pk,
            grade="A",
            handling_rating="satisfied",
            reply="城管局已规范广场活动时间，问题已解决。",
            outcome=Outcome.SOLVED,
            households_helped=12,
        )
    assert (proposal.status, proposal.result_grade, proposal.handling_rating) == (Status.CLOSED, "A", "satisfied")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.outcome, first.households_helped) == (PStatus.CLOSED, Outcome.SOLVED, 12)
    assert (second.status, second.outcome, second.households_helped) == (PStatus.CLOSED, Outcome.SOLVED, 0)
    # each citizen: the reply, then the request for a rating (issue 14)
    assert sorted(n.recipient for n in notifications) == ["13700137000"] * 2 + ["13800138000"] * 2
    assert sorted(n.subject for n in notifications)[-2:] == ["请评价诉求办理情况"] * 2


def test_confirm_by_another_member_or_before_the_report_is_refused(
    member, workstation, reviewer, department, department_handler
):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    values = {"grade": "A", "handling_rating": "satisfied", "reply": "答复", "outcome": Outcome.SOLVED}
    before = snapshot()
    with pytest.raises(TransitionError, match="该建议当前状态为“已交办”，不能进行此操作。"):
        proposal_confirm(user=member.user, proposal_id=proposal.pk, **values)
    other = factories.MemberFactory(workstations=[workstation])
    with pytest.raises(ActionNotAllowed, match="只有提交这份建议的委员可以进行此操作。"):
        proposal_confirm(user=other.user, proposal_id=proposal.pk, **values)
    assert snapshot() == before


def test_co_handler_opinion_goes_to_the_lead_without_moving_the_case(member, workstation, reviewer, department):
    co = factories.DepartmentFactory(name="公安局")
    co_handler = factories.UserFactory(roles=[Role.DEPARTMENT_HANDLER])
    co.handlers.add(co_handler)
    proposal = assigned_proposal(member, workstation, reviewer, department, co_departments=[co])
    co_assignment = proposal.assignments.get(role=AssignmentRole.CO)
    assignment_acknowledge(assignment_id=co_assignment.pk, user=co_handler)
    assignment_report(assignment_id=co_assignment.pk, user=co_handler, result="夜间加强巡查")
    proposal.refresh_from_db()
    assert proposal.status == Status.ASSIGNED
    note = proposal.petitions.get().events.last()
    assert (note.visibility, note.message) == (Visibility.INTERNAL, "公安局（会办）提交会办意见：夜间加强巡查")


def test_a_petition_withdrawn_meanwhile_no_longer_moves_with_the_proposal(
    member, workstation, reviewer, department, department_handler
):
    from petitions.services.handling import petition_withdraw

    first = triaged_petition(member, workstation, Track.PROPOSE)
    second = triaged_petition(member, workstation, Track.PROPOSE)
    proposal = assigned_proposal(member, workstation, reviewer, department, petitions=[first, second])
    petition_withdraw(user=member.user, petition_id=second.pk, reason="群众已自行解决")
    lead = proposal.assignments.get()
    assignment_acknowledge(assignment_id=lead.pk, user=department_handler)
    assignment_report(assignment_id=lead.pk, user=department_handler, result="已整改")
    proposal_confirm(
        user=member.user,
        proposal_id=proposal.pk,
        grade="A",
        handling_rating="satisfied",
        reply="已解决",
        outcome=Outcome.SOLVED,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PStatus.CLOSED, PStatus.WITHDRAWN)
    assert second.events.last().type == EventType.WITHDRAWN


def test_withdraw_a_returned_proposal_gives_the_cases_back_to_the_member(member, workstation, reviewer):
    from proposals.services import proposal_withdraw

    proposal = submitted_proposal(member, workstation)
    proposal_return(user=reviewer, proposal_id=proposal.pk, reason="不属于建议范围，可直接答复")
    proposal = proposal_withdraw(user=member.user, proposal_id=proposal.pk)
    petition = proposal.petitions.get()
    assert proposal.status == Status.WITHDRAWN
    assert (petition.status, petition.track) == (PStatus.ASSIGNED, None)


def test_withdraw_an_assigned_proposal_is_refused(member, workstation, reviewer, department):
    from proposals.services import proposal_withdraw

    proposal = assigned_proposal(member, workstation, reviewer, department)
    before = snapshot()
    with pytest.raises(TransitionError, match="该建议当前状态为“已交办”，不能进行此操作。"):
        proposal_withdraw(user=member.user, proposal_id=proposal.pk)
    assert snapshot() == before


# --- the author is told (accounts.services.staff_notify) ---------------------------------------


def test_returning_and_accepting_tell_the_author_with_the_proposals_link(
    member, workstation, reviewer, notifications, django_capture_on_commit_callbacks
):
    returned = submitted_proposal(member, workstation)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_return(user=reviewer, proposal_id=returned.pk, reason="事实部分请补充走访时间。")
    row = StaffNotification.objects.get()
    assert (row.user, row.subject, row.link) == (member.user, "建议被退回", f"/proposals/{returned.pk}/")
    assert "关于整治河堤广场夜间噪音的建议" in row.body
    assert [(n.channel, n.recipient) for n in notifications] == [("sms", member.phone)]

    accepted = submitted_proposal(member, workstation)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(user=reviewer, proposal_id=accepted.pk)
    assert StaffNotification.objects.latest("id").subject == "建议审核通过"


def test_a_refused_return_tells_nobody(member, workstation, notifications, django_capture_on_commit_callbacks):
    proposal = submitted_proposal(member, workstation)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionNotAllowed):
        proposal_return(user=member.user, proposal_id=proposal.pk, reason="不行")
    assert StaffNotification.objects.count() == 0


def test_the_departments_result_tells_the_author(
    member, workstation, reviewer, department, department_handler, django_capture_on_commit_callbacks
):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get(role="lead")
    assignment_acknowledge(assignment_id=lead.pk, user=department_handler)
    StaffNotification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_report(assignment_id=lead.pk, user=department_handler, result="已规范广场活动时间。")
    row = StaffNotification.objects.get()
    assert (row.user, row.subject, row.link) == (member.user, "部门已反馈办理结果", f"/proposals/{proposal.pk}/")
    assert row.body == "城管局已反馈建议“关于整治河堤广场夜间噪音的建议”的办理结果，请确认并答复群众："


def test_confirming_the_result_asks_every_citizen_to_rate(
    member, workstation, reviewer, department, department_handler, notifications, django_capture_on_commit_callbacks
):
    petition = triaged_petition(member, workstation, Track.PROPOSE, citizen_phone="13800138000")
    proposal = reported_proposal(member, workstation, reviewer, department, department_handler, petitions=[petition])
    notifications.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_confirm(
            user=member.user,
            proposal_id=proposal.pk,
            grade="A",
            handling_rating="satisfied",
            reply="城管局已规范广场活动时间。",
            outcome=Outcome.SOLVED,
        )
    to_citizen = [n.body for n in notifications if n.recipient == "13800138000"]
    assert len(to_citizen) == 2
    assert to_citizen[1].endswith(f"/track/{petition.tracking_code}/")
