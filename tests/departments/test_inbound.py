"""Departments' own systems answering through the signed webhook receiver: the same workflow as the
portal, limited to the department that signed."""

import json
import time

import pytest

from handoffs.models import InboundMessage
from handoffs.signing import webhook_signature
from petitions.choices import ConsultationStatus, Status, Track
from petitions.services.handling import petition_consult
from proposals.choices import AssignmentStatus
from tests import factories
from tests.workflow_helpers import assigned_proposal, triaged_petition

pytestmark = pytest.mark.django_db


def post(client, department, document, *, key):
    body = json.dumps(document).encode()
    timestamp = str(int(time.time()))
    return client.post(
        f"/api/v1/departments/{department.pk}/webhook/",
        data=body,
        content_type="application/json",
        headers={
            "X-Workstation-Timestamp": timestamp,
            "X-Workstation-Signature": webhook_signature(
                secret=department.webhook_secret, timestamp=timestamp, body=body
            ),
            "Idempotency-Key": key,
        },
    )


@pytest.fixture
def consultation(member, workstation, department):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    return petition_consult(user=member.user, petition_id=petition.pk, department=department, question="音量上限？")


def test_a_department_system_answers_a_consultation_and_the_case_moves_on(client, department, consultation):
    response = post(
        client,
        department,
        {"type": "consultation.answer", "data": {"consultation_id": consultation.pk, "answer": "22时后禁用音响。"}},
        key="a-1",
    )

    assert response.status_code == 200
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    assert consultation.answer == "22时后禁用音响。"
    assert consultation.petition.status == Status.CONSULTED
    assert InboundMessage.objects.count() == 1


def test_another_department_cannot_answer_it(client, consultation):
    other = factories.DepartmentFactory(name="水务局")

    response = post(
        client,
        other,
        {"type": "consultation.answer", "data": {"consultation_id": consultation.pk, "answer": "答复"}},
        key="a-2",
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "该咨询不属于本部门。"
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PENDING
    assert not InboundMessage.objects.exists()


def test_a_department_system_acknowledges_and_reports_an_assignment(client, member, workstation, reviewer, department):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get(role="lead")

    acknowledged = post(
        client, department, {"type": "assignment.acknowledge", "data": {"assignment_id": lead.pk}}, key="k-1"
    )
    reported = post(
        client,
        department,
        {"type": "assignment.report", "data": {"assignment_id": lead.pk, "result": "已整改到位。"}},
        key="k-2",
    )
    reported_again = post(
        client,
        department,
        {"type": "assignment.report", "data": {"assignment_id": lead.pk, "result": "再报一次。"}},
        key="k-3",
    )

    assert (acknowledged.status_code, reported.status_code) == (200, 200)
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.REPORTED
    assert lead.result == "已整改到位。"
    assert reported_again.status_code == 422
    assert InboundMessage.objects.count() == 2
