"""/api/v1/departments/queue/…: a department handler's own consultations and assignments."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from departments.api.views import department_queue_url
from proposals.models import DeadlineExtension, ProposalAssignment, ResultAttachment
from tests import factories
from tests.api_areas.conftest import ROLES, assert_error_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(cast):
    return factories.ProposalAssignmentFactory(
        department=cast.department, proposal__workstation=cast.workstation, proposal__title="河堤广场噪音"
    )


@pytest.fixture
def consultation(cast):
    return factories.ConsultationFactory(department=cast.department, petition__workstation=cast.workstation)


LIST_EXPECT = {
    "anonymous": 401,
    "member": 403,
    "other_member": 403,
    "officer": 403,
    "other_officer": 403,
    "reviewer": 403,
    "handler": 200,
    "other_handler": 200,
    "office": 403,
    "read_only": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_assignment_queue_answers_only_handlers_and_only_their_department(call, role, assignment):
    response = call(role, "get", department_queue_url(), as_role="handler")

    assert response.status_code == LIST_EXPECT[role]
    if response.status_code == 200:
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == ([] if role == "other_handler" else [assignment.pk])
    else:
        assert_error_body(response, LIST_EXPECT[role])


@pytest.mark.parametrize("role", ROLES)
def test_the_consultation_queue_answers_only_handlers_and_only_their_department(call, role, consultation):
    response = call(role, "get", reverse("api:department-consultation-list"), as_role="handler")

    assert response.status_code == LIST_EXPECT[role]
    if response.status_code == 200:
        rows = response.json()["results"]
        assert [row["id"] for row in rows] == ([] if role == "other_handler" else [consultation.pk])
        for row in rows:  # the case's text, never the citizen
            assert "张三" not in str(row)
            assert "13800138000" not in str(row)


ACK_EXPECT = {
    "anonymous": 401,
    "member": 403,
    "other_member": 403,
    "officer": 403,
    "other_officer": 403,
    "reviewer": 403,
    "handler": 200,
    "other_handler": 404,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_acknowledging_is_for_the_department_handler_alone(call, role, assignment):
    url = reverse("api:department-assignment-acknowledge", kwargs={"pk": assignment.pk})

    response = call(role, "post", url, as_role="handler")

    assignment.refresh_from_db()
    assert response.status_code == ACK_EXPECT[role]
    if role == "handler":
        assert response.json()["status"] == "acknowledged"
        assert assignment.status == "acknowledged"
    else:
        assert_error_body(response, ACK_EXPECT[role])
        assert assignment.status == "pending"
        assert assignment.acknowledged_at is None


def test_acknowledging_twice_is_a_conflict(call, assignment):
    url = reverse("api:department-assignment-acknowledge", kwargs={"pk": assignment.pk})
    call("handler", "post", url)

    response = call("handler", "post", url)

    assert_error_body(response, 409, "transition_refused")
    assert response.json()["detail"] == "该交办当前状态为“已签收”，不能签收。"


def test_status_and_timestamps_sent_with_an_action_are_ignored(call, cast, assignment):
    url = reverse("api:department-assignment-contest", kwargs={"pk": assignment.pk})

    response = call(
        "handler",
        "post",
        url,
        {"reason": "属住建局职责。", "status": "reported", "acknowledged_at": "2020-01-01T00:00:00Z", "department": 9},
    )

    assignment.refresh_from_db()
    assert response.status_code == 200
    assert assignment.status == "contested"
    assert assignment.acknowledged_at is None
    assert assignment.department == cast.department
    assert assignment.contest_reason == "属住建局职责。"


def test_contest_without_a_reason_names_the_field(call, assignment):
    response = call("handler", "post", reverse("api:department-assignment-contest", kwargs={"pk": assignment.pk}), {})

    assert_error_body(response, 400, "invalid")
    assert list(response.json()["fields"]) == ["reason"]
    assignment.refresh_from_db()
    assert assignment.status == "pending"


def test_the_handler_answers_a_consultation(call, consultation):
    url = reverse("api:department-consultation-answer", kwargs={"pk": consultation.pk})

    response = call("handler", "post", url, {"answer": "夜间 22 时后禁止使用音响。"})

    assert response.status_code == 200
    assert response.json()["status"] == "answered"
    consultation.refresh_from_db()
    assert consultation.answer == "夜间 22 时后禁止使用音响。"


def test_another_department_cannot_answer_a_consultation(call, consultation):
    url = reverse("api:department-consultation-answer", kwargs={"pk": consultation.pk})

    response = call("other_handler", "post", url, {"answer": "不是我们的事。"})

    assert_error_body(response, 404, "not_found")
    consultation.refresh_from_db()
    assert consultation.status == "pending"
    assert consultation.answer == ""


def _pdf(name="result.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 result", content_type="application/pdf")


def test_a_result_is_reported_with_attachments(call, assignment):
    call("handler", "post", reverse("api:department-assignment-acknowledge", kwargs={"pk": assignment.pk}))
    url = reverse("api:department-assignment-report", kwargs={"pk": assignment.pk})

    response = call(
        "handler", "post", url, {"result": "已规范广场活动时间。", "files": [_pdf(), _pdf("b.pdf")]}, fmt="multipart"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "reported"
    assert [a["name"] for a in body["attachments"]] == ["result.pdf", "b.pdf"]
    assert body["proposal"]["id"] == assignment.proposal_id
    assignment.proposal.refresh_from_db()
    assert assignment.proposal.status == "result_reported"


def test_a_file_whose_content_does_not_match_its_name_is_refused_as_on_the_page(call, assignment):
    call("handler", "post", reverse("api:department-assignment-acknowledge", kwargs={"pk": assignment.pk}))
    fake = SimpleUploadedFile("photo.png", b"MZ not a png at all", content_type="image/png")

    response = call(
        "handler",
        "post",
        reverse("api:department-assignment-report", kwargs={"pk": assignment.pk}),
        {"result": "已处理。", "files": [fake]},
        fmt="multipart",
    )

    assert_error_body(response, 400, "invalid")
    assert response.json()["fields"] == {"files": ["附件“photo.png”的内容与文件类型不符。"]}
    assignment.refresh_from_db()
    assert assignment.status == "acknowledged"
    assert ResultAttachment.objects.count() == 0


def test_an_extension_request_is_idempotent_with_a_key(call, assignment):
    url = reverse("api:department-assignment-extension", kwargs={"pk": assignment.pk})
    later = (assignment.due_date + datetime.timedelta(days=10)).isoformat()
    body = {"new_due_date": later, "reason": "需协调供电公司施工。"}

    first = call("handler", "post", url, body, HTTP_IDEMPOTENCY_KEY="k-1")
    again = call("handler", "post", url, body, HTTP_IDEMPOTENCY_KEY="k-1")
    other = call("handler", "post", url, {**body, "reason": "另一理由"}, HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert_error_body(other, 422, "idempotency_key_reused")
    assert DeadlineExtension.objects.count() == 1


def test_a_second_extension_without_a_key_is_a_conflict(call, assignment):
    url = reverse("api:department-assignment-extension", kwargs={"pk": assignment.pk})
    later = (assignment.due_date + datetime.timedelta(days=10)).isoformat()
    call("handler", "post", url, {"new_due_date": later, "reason": "需协调。"})

    response = call("handler", "post", url, {"new_due_date": later, "reason": "需协调。"})

    assert_error_body(response, 409, "transition_refused")
    assert DeadlineExtension.objects.count() == 1


def test_the_queue_filters_by_status_and_due_date(call, cast, assignment):
    soon = factories.ProposalAssignmentFactory(
        department=cast.department, due_date=timezone.localdate() + datetime.timedelta(days=3)
    )
    ProposalAssignment.objects.filter(pk=soon.pk).update(status="acknowledged")
    before = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    by_status = call("handler", "get", department_queue_url(status="acknowledged")).json()["results"]
    by_due = call("handler", "get", department_queue_url(), {"due_before": before}).json()["results"]
    bad = call("handler", "get", department_queue_url(), {"due_before": "soon"})

    assert [row["id"] for row in by_status] == [soon.pk]
    assert [row["id"] for row in by_due] == [soon.pk]
    assert_error_body(bad, 400, "invalid")


def _queries(call, url) -> int:
    call("handler", "get", url)  # the token's last use is written on the first call
    with CaptureQueriesContext(connection) as context:
        response = call("handler", "get", url)
    assert response.status_code == 200
    return len(context.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("count", [2, 20])
def test_the_assignment_queue_costs_the_same_queries_for_2_and_20_rows(call, cast, count):
    for _ in range(count):
        assignment = factories.ProposalAssignmentFactory(department=cast.department)
        factories.ProposalAssignmentFactory(proposal=assignment.proposal, department=cast.other_department, role="co")
        ResultAttachment.objects.create(assignment=assignment, file="x.pdf", original_name="x.pdf", size=3)

    queries, rows = _queries(call, department_queue_url())

    assert rows == count
    # authentication and the role (4), the page, then one query per prefetched relation
    assert queries == 10


@pytest.mark.parametrize("count", [2, 20])
def test_the_consultation_queue_costs_the_same_queries_for_2_and_20_rows(call, cast, count):
    for _ in range(count):
        factories.ConsultationFactory(department=cast.department)

    queries, rows = _queries(call, reverse("api:department-consultation-list"))

    assert rows == count
    assert queries == 6


def test_the_queue_row_is_the_declared_fields_representation(cast):
    # given: a lead assignment with a case, an attachment and an extension request, and a co-handler's opinion
    from rest_framework import serializers as drf

    from departments.api.serializers import AssignmentOutputSerializer
    from departments.selectors import assignments_for_handler
    from proposals.models import DeadlineExtension, ResultAttachment

    assignment = factories.ProposalAssignmentFactory(department=cast.department, proposal__workstation=cast.workstation)
    assignment.proposal.petitions.add(factories.PetitionFactory(workstation=cast.workstation))
    ResultAttachment.objects.create(
        assignment=assignment, file="proposals/results/x.pdf", original_name="结果.pdf", size=9
    )
    DeadlineExtension.objects.create(
        assignment=assignment,
        requested_due_date=assignment.due_date.replace(year=assignment.due_date.year + 1),
        previous_due_date=assignment.due_date,
        reason="需协调多个部门。",
    )
    row = assignments_for_handler(cast.users["handler"]).get(pk=assignment.pk)
    serializer = AssignmentOutputSerializer()

    # then: the direct reading is exactly what DRF's fields would give
    assert serializer.to_representation(row) == drf.Serializer.to_representation(serializer, row)
