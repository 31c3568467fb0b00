"""The department portal: signed in, or through the signed link of the hand-off e-mail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from departments.services import portal_token_make
from petitions.choices import ConsultationStatus, Track
from petitions.services.handling import petition_consult
from proposals.choices import AssignmentStatus
from tests.workflow_helpers import assigned_proposal, snapshot, triaged_petition

pytestmark = pytest.mark.django_db

# with the navbar's unread count; the cases behind a hand-off are one query with category and workstation
PORTAL_QUERIES = 11


def test_signed_link_lets_the_department_acknowledge_without_signing_in(
    client, member, workstation, reviewer, department
):
    assignment = assigned_proposal(member, workstation, reviewer, department).assignments.get()
    token = portal_token_make(kind="assignment", pk=assignment.pk)
    page = client.get(reverse("departments:link", args=[token])).content.decode()
    assert "关于整治河堤广场夜间噪音的建议" in page
    assert "13800138000" not in page
    client.post(reverse("departments:link_action", args=[token, "acknowledge"]))
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACKNOWLEDGED
    assert assignment.acknowledged_by is None


def test_a_tampered_link_is_404(client, member, workstation, reviewer, department):
    assignment = assigned_proposal(member, workstation, reviewer, department).assignments.get()
    token = portal_token_make(kind="assignment", pk=assignment.pk)
    before = snapshot()
    bad = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("departments:link", args=[bad])).status_code == 404
    assert client.post(reverse("departments:link_action", args=[bad, "acknowledge"])).status_code == 404
    assert snapshot() == before


def test_handler_answers_a_consultation_in_the_portal(client, member, workstation, department, department_handler):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    consultation = petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    client.force_login(department_handler)
    assert "问" in client.get(reverse("departments:home")).content.decode()
    client.post(reverse("departments:item_action", args=["consultation", consultation.pk, "answer"]), {"answer": "答"})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED


def test_handler_reports_with_an_attachment(client, member, workstation, reviewer, department, department_handler):
    assignment = assigned_proposal(member, workstation, reviewer, department).assignments.get()
    client.force_login(department_handler)
    client.post(reverse("departments:item_action", args=["assignment", assignment.pk, "acknowledge"]))
    upload = SimpleUploadedFile("result.pdf", b"%PDF-1.4 result", content_type="application/pdf")
    client.post(
        reverse("departments:item_action", args=["assignment", assignment.pk, "report"]),
        {"result": "已整改完毕", "files": [upload]},
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPORTED
    attachment = assignment.attachments.get()
    response = client.get(reverse("proposals:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("rows", [2, 20])
def test_portal_home_query_budget(
    client, member, workstation, reviewer, department, department_handler, rows, django_assert_num_queries
):
    for _ in range(rows):
        assigned_proposal(member, workstation, reviewer, department)
    client.force_login(department_handler)
    with django_assert_num_queries(PORTAL_QUERIES):
        response = client.get(reverse("departments:home"))
    assert response.content.decode().count("/dept/assignment/") == rows
