"""Issue 16: the member grades every department on a proposal, the lead and each co-handler, A–D
with a reason and a rating of its handling, in one confirmation; a missing grade saves nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from departments.services import assignment_acknowledge, assignment_report
from petitions.choices import Outcome
from petitions.choices import Status as PStatus
from petitions.models import PetitionEvent
from petitions.workflow import ActionNotAllowed, TransitionError
from proposals.choices import AssignmentRole, Status
from proposals.services import AssignmentGrade, proposal_confirm, proposal_grade
from tests import factories
from tests.workflow_helpers import grade_fields, reported_proposal, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_department(db):
    department = factories.DepartmentFactory(name="公安局")
    department.handlers.add(factories.UserFactory(username="co-handler", roles=[Role.DEPARTMENT_HANDLER]))
    return department


@pytest.fixture
def proposal(member, workstation, reviewer, department, department_handler, co_department):
    proposal = reported_proposal(
        member, workstation, reviewer, department, department_handler, co_departments=[co_department]
    )
    co = proposal.assignments.get(role=AssignmentRole.CO)
    handler = co_department.handlers.get()
    assignment_acknowledge(assignment_id=co.pk, user=handler)
    assignment_report(assignment_id=co.pk, user=handler, result="夜间加强巡查")
    return proposal


def _lead_and_co(proposal):
    return proposal.assignments.get(role=AssignmentRole.LEAD), proposal.assignments.get(role=AssignmentRole.CO)


def test_each_department_gets_its_own_grade_and_the_proposal_keeps_the_leads(member, proposal):
    lead, co = _lead_and_co(proposal)
    proposal = proposal_confirm(
        user=member.user,
        proposal_id=proposal.pk,
        grades=[
            AssignmentGrade(lead.pk, "A", "satisfied"),
            AssignmentGrade(co.pk, "C", "unsatisfied", reason="巡查只做了一周"),
        ],
        reply="已解决",
        outcome=Outcome.SOLVED,
    )
    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.grade, lead.handling_rating, lead.grade_reason) == ("A", "satisfied", "")
    assert (co.grade, co.handling_rating, co.grade_reason) == ("C", "unsatisfied", "巡查只做了一周")
    assert lead.graded_at == co.graded_at == proposal.closed_at
    assert (proposal.status, proposal.result_grade, proposal.handling_rating) == (Status.CLOSED, "A", "satisfied")


@pytest.mark.parametrize(
    ("co_grade", "message"),
    [
        (None, "请评定公安局的办理结果（A/B/C/D）。"),
        (AssignmentGrade(0, "D", "satisfied"), "评定公安局为 C 或 D，请说明理由。"),
        (AssignmentGrade(0, "B", ""), "请评价公安局的办理情况（满意/基本满意/不满意）。"),
    ],
)
def test_a_missing_or_incomplete_grade_names_the_department_and_saves_nothing(member, proposal, co_grade, message):
    lead, co = _lead_and_co(proposal)
    grades = [AssignmentGrade(lead.pk, "A", "satisfied")]
    if co_grade is not None:
        grades.append(AssignmentGrade(co.pk, co_grade.grade, co_grade.handling_rating, co_grade.reason))
    before = snapshot()
    with pytest.raises(TransitionError, match=message):
        proposal_confirm(user=member.user, proposal_id=proposal.pk, grades=grades, reply="已解决", outcome="solved")
    assert snapshot() == before


def test_a_single_old_style_grade_is_refused_when_there_are_co_handlers(member, proposal):
    before = snapshot()
    with pytest.raises(TransitionError, match="这份建议有会办部门：请分别评定每个承办部门的办理结果。"):
        proposal_confirm(
            user=member.user,
            proposal_id=proposal.pk,
            grade="A",
            handling_rating="satisfied",
            reply="已解决",
            outcome="solved",
        )
    assert snapshot() == before


def test_the_page_form_grades_lead_and_co_handler_in_one_submit(client, member, proposal):
    lead, co = _lead_and_co(proposal)
    client.force_login(member.user)
    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "城管局（主办）：办理结果评定" in html
    assert "公安局（会办）：办理结果评定" in html
    data = {**grade_fields(proposal, grade="B"), "outcome": "solved", "households_helped": "0", "reply": "已解决"}
    data[f"grade_{co.pk}"] = "D"
    # a D without a reason: the form says so, and nothing is saved
    before = snapshot()
    response = client.post(reverse("proposals:confirm", args=[proposal.pk]), data, follow=True)
    assert "评定公安局为 C 或 D，请说明理由。" in response.content.decode()
    assert snapshot() == before
    data[f"reason_{co.pk}"] = "未按期会办"
    response = client.post(reverse("proposals:confirm", args=[proposal.pk]), data, follow=True)
    assert "已确认办理结果并答复群众。" in response.content.decode()
    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.grade, co.grade, co.grade_reason) == ("B", "D", "未按期会办")
    assert proposal.petitions.get().status == PStatus.CLOSED
    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "评定：D 留作参考 · 满意（未按期会办）" in html


def test_the_api_takes_grades_per_department(member, proposal):
    lead, co = _lead_and_co(proposal)
    client = APIClient()
    client.force_authenticate(member.user)
    url = reverse("api:proposal-confirm", args=[proposal.pk])
    body = {"outcome": "solved", "reply": "已解决", "grade": "A", "handling_rating": "satisfied"}
    response = client.post(url, body, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "这份建议有会办部门：请分别评定每个承办部门的办理结果。"
    body = {
        "outcome": "solved",
        "reply": "已解决",
        "grades": [
            {"assignment": lead.pk, "grade": "A", "handling_rating": "satisfied"},
            {"assignment": co.pk, "grade": "B", "handling_rating": "basically_satisfied"},
        ],
    }
    response = client.post(url, body, format="json")
    assert response.status_code == 200, response.json()
    graded = {a["department"]: (a["grade"], a["handling_rating"]) for a in response.json()["assignments"]}
    assert graded == {"城管局": ("A", "satisfied"), "公安局": ("B", "basically_satisfied")}
    assert response.json()["result_grade"] == "A"


# --- the reviewer grades ------------------------------------------------------------------------


def _confirmed(member, proposal):
    lead, co = _lead_and_co(proposal)
    proposal_confirm(
        user=member.user,
        proposal_id=proposal.pk,
        grades=[AssignmentGrade(lead.pk, "A", "satisfied"), AssignmentGrade(co.pk, "D", "unsatisfied", "未会办")],
        reply="已解决",
        outcome=Outcome.SOLVED,
    )
    return lead, co


def test_a_reviewer_corrects_the_grades_of_a_closed_proposal_with_a_note_on_the_timeline(member, reviewer, proposal):
    lead, co = _confirmed(member, proposal)

    proposal = proposal_grade(
        user=reviewer,
        proposal_id=proposal.pk,
        grades=[
            AssignmentGrade(lead.pk, "B", "basically_satisfied"),
            AssignmentGrade(co.pk, "C", "unsatisfied", "只答复未落实"),
        ],
    )

    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.grade, co.grade, co.grade_reason) == ("B", "C", "只答复未落实")
    assert (proposal.result_grade, proposal.handling_rating) == ("B", "basically_satisfied")
    note = PetitionEvent.objects.filter(petition__in=proposal.petitions.all(), data__has_key="regraded").get()
    assert note.message == "审核人员评定承办部门：城管局 A→B；公安局 D→C。"
    assert (note.visibility, note.actor) == ("internal", reviewer)


def test_a_reviewer_cannot_grade_before_the_member_confirms(reviewer, proposal):
    lead, co = _lead_and_co(proposal)
    before = snapshot()

    with pytest.raises(TransitionError, match="委员确认办理结果后，审核人员才能评定承办部门。"):
        proposal_grade(
            user=reviewer,
            proposal_id=proposal.pk,
            grades=[AssignmentGrade(lead.pk, "A", "satisfied"), AssignmentGrade(co.pk, "A", "satisfied")],
        )

    assert snapshot() == before


@pytest.mark.parametrize("who", ["author", "other_body_reviewer"])
def test_only_a_reviewer_of_the_reviewing_body_grades(member, proposal, who):
    lead, co = _confirmed(member, proposal)
    user = (
        member.user
        if who == "author"
        else factories.UserFactory(roles=[Role.REVIEWER], body=factories.CppccBodyFactory(name="另一市政协"))
    )
    before = snapshot()

    with pytest.raises(ActionNotAllowed):
        proposal_grade(
            user=user,
            proposal_id=proposal.pk,
            grades=[AssignmentGrade(lead.pk, "B", "satisfied"), AssignmentGrade(co.pk, "B", "satisfied")],
        )

    assert snapshot() == before
    co.refresh_from_db()
    assert co.grade == "D"


def test_the_reviewer_grades_on_the_page_starting_from_the_members_grades(client, member, reviewer, proposal):
    lead, co = _confirmed(member, proposal)
    client.force_login(reviewer)

    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    form = page.context["grade_form"]
    assert (form[f"grade_{lead.pk}"].value(), form[f"grade_{co.pk}"].value()) == ("A", "D")
    assert 'id="grade-form"' in page.content.decode()
    data = {**grade_fields(proposal, grade="B"), f"grade_{co.pk}": "C"}
    refused = client.post(reverse("proposals:grade", args=[proposal.pk]), data, follow=True)
    assert "评定公安局为 C 或 D，请说明理由。" in refused.content.decode()
    data[f"reason_{co.pk}"] = "只答复未落实"
    saved = client.post(reverse("proposals:grade", args=[proposal.pk]), data, follow=True)

    assert "已保存对承办部门的评定。" in saved.content.decode()
    co.refresh_from_db()
    assert (co.grade, co.grade_reason) == ("C", "只答复未落实")


def test_the_member_sees_no_grade_form_on_a_closed_proposal(client, member, proposal):
    _confirmed(member, proposal)
    client.force_login(member.user)

    assert 'id="grade-form"' not in client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()


def test_the_api_grades_as_the_reviewer(member, reviewer, proposal):
    lead, co = _confirmed(member, proposal)
    client = APIClient()
    client.force_authenticate(reviewer)
    url = reverse("api:proposal-grade", args=[proposal.pk])

    incomplete = client.post(
        url, {"grades": [{"assignment": lead.pk, "grade": "B", "handling_rating": "satisfied"}]}, format="json"
    )
    response = client.post(
        url,
        {
            "grades": [
                {"assignment": lead.pk, "grade": "B", "handling_rating": "satisfied"},
                {"assignment": co.pk, "grade": "A", "handling_rating": "satisfied"},
            ]
        },
        format="json",
    )

    assert incomplete.status_code == 409
    assert incomplete.json()["detail"] == "请评定公安局的办理结果（A/B/C/D）。"
    assert response.status_code == 200, response.json()
    graded = {a["department"]: a["grade"] for a in response.json()["assignments"]}
    assert graded == {"城管局": "B", "公安局": "A"}
