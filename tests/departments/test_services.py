"""The department's side: acknowledge, contest, report with attachments, extension, signed links."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from departments.services import (
    assignment_acknowledge,
    assignment_contest,
    assignment_report,
    extension_request,
    portal_token_make,
    portal_token_read,
)
from petitions.choices import EventType, Visibility
from petitions.choices import Status as PStatus
from petitions.workflow import ActionNotAllowed, TransitionError
from proposals.choices import AssignmentStatus, Status
from proposals.models import ResultAttachment
from tests import factories
from tests.workflow_helpers import assigned_proposal, snapshot

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def lead(member, workstation, reviewer, department):
    return assigned_proposal(member, workstation, reviewer, department).assignments.get()


def test_acknowledge_is_public_on_the_timeline(lead, department_handler):
    assignment = assignment_acknowledge(assignment_id=lead.pk, user=department_handler)
    assert (assignment.status, assignment.acknowledged_by) == (AssignmentStatus.ACKNOWLEDGED, department_handler)
    event = lead.proposal.petitions.get().events.last()
    assert (event.type, event.visibility, event.message, event.actor_label) == (
        EventType.DEPARTMENT_ACKNOWLEDGED,
        Visibility.PUBLIC,
        "城管局已签收，正在办理。",
        "城管局",
    )


def test_acknowledge_twice_is_refused(lead, department_handler):
    assignment_acknowledge(assignment_id=lead.pk, user=department_handler)
    before = snapshot()
    with pytest.raises(TransitionError, match="该交办当前状态为“已签收”，不能签收。"):
        assignment_acknowledge(assignment_id=lead.pk, user=department_handler)
    assert snapshot() == before


def test_handler_of_another_department_is_refused_everything(lead):
    stranger = factories.UserFactory(roles=[Role.DEPARTMENT_HANDLER])
    factories.DepartmentFactory(name="住建局").handlers.add(stranger)
    before = snapshot()
    for call in (
        lambda: assignment_acknowledge(assignment_id=lead.pk, user=stranger),
        lambda: assignment_contest(assignment_id=lead.pk, user=stranger, reason="不归我们"),
        lambda: assignment_report(assignment_id=lead.pk, user=stranger, result="办完"),
        lambda: extension_request(
            assignment_id=lead.pk, user=stranger, new_due_date=lead.due_date + datetime.timedelta(days=1), reason="r"
        ),
    ):
        with pytest.raises(ActionNotAllowed, match="只有城管局的办理人员可以进行此操作。"):
            call()
    assert snapshot() == before


def test_contest_needs_a_reason_and_is_internal(lead, department_handler):
    before = snapshot()
    with pytest.raises(TransitionError, match="退单须说明理由。"):
        assignment_contest(assignment_id=lead.pk, user=department_handler, reason="")
    assert snapshot() == before
    assignment_contest(assignment_id=lead.pk, user=department_handler, reason="属公安局职责")
    assert lead.proposal.petitions.get().events.last().visibility == Visibility.INTERNAL


def test_report_before_acknowledge_is_refused(lead, department_handler):
    before = snapshot()
    with pytest.raises(TransitionError, match="请先签收，再反馈办理结果。"):
        assignment_report(assignment_id=lead.pk, user=department_handler, result="办完")
    assert snapshot() == before


def test_lead_report_with_attachment_moves_proposal_and_cases(lead, department_handler):
    assignment_acknowledge(assignment_id=lead.pk, user=department_handler)
    upload = SimpleUploadedFile("整改照片说明.pdf", PDF, content_type="application/pdf")
    assignment_report(assignment_id=lead.pk, user=department_handler, result="已整改", files=[upload])
    lead.proposal.refresh_from_db()
    assert lead.proposal.status == Status.RESULT_REPORTED
    assert lead.proposal.petitions.get().status == PStatus.RESULT_REPORTED
    attachment = ResultAttachment.objects.get()
    assert attachment.original_name == "整改照片说明.pdf"
    assert "整改" not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html>", "类型不支持"),
        ("photo.jpg", b"<html><script>", "内容与文件类型不符"),
    ],
)
def test_bad_attachment_is_refused_and_nothing_is_saved(lead, department_handler, name, content, message):
    assignment_acknowledge(assignment_id=lead.pk, user=department_handler)
    before = snapshot()
    with pytest.raises(TransitionError, match=message):
        assignment_report(
            assignment_id=lead.pk, user=department_handler, result="已整改", files=[SimpleUploadedFile(name, content)]
        )
    assert snapshot() == before
    assert ResultAttachment.objects.count() == 0


def test_extension_request_must_move_the_deadline_later_and_only_one_pending(lead, department_handler):
    before = snapshot()
    with pytest.raises(TransitionError, match="延期后的期限须晚于原办理期限"):
        extension_request(assignment_id=lead.pk, user=department_handler, new_due_date=lead.due_date, reason="忙")
    assert snapshot() == before
    later = lead.due_date + datetime.timedelta(days=5)
    extension_request(assignment_id=lead.pk, user=department_handler, new_due_date=later, reason="需协调")
    with pytest.raises(TransitionError, match="已有一份延期申请正在审批"):
        extension_request(assignment_id=lead.pk, user=department_handler, new_due_date=later, reason="再申请")


def test_signed_link_round_trip_and_tampering():
    token = portal_token_make(kind="assignment", pk=42)
    assert portal_token_read(token) == ("assignment", 42)
    assert portal_token_read(token.replace("assignment:42", "assignment:43")) is None
    assert portal_token_read("garbage") is None


def test_signed_link_expires():
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), tick=False):
        token = portal_token_make(kind="consultation", pk=7)
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC), tick=False):
        assert portal_token_read(token) is None


def test_portal_link_path_opens_the_item(client, lead):
    from departments.services import portal_link_path

    response = client.get(portal_link_path(kind="assignment", pk=lead.pk))
    assert response.status_code == 200
    assert "关于整治河堤广场夜间噪音的建议" in response.content.decode()
