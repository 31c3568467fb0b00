import datetime

import pytest

from common.deadlines import Stage, stage_days, stage_due_date
from tests import factories

pytestmark = pytest.mark.django_db


def test_office_wide_defaults():
    assert {stage: stage_days(stage) for stage in Stage} == {
        Stage.FIRST_RESPONSE: 1,
        Stage.DIRECT_REPLY: 5,
        Stage.CONSULTATION: 10,
        Stage.PROPOSAL_REVIEW: 3,
        Stage.DEPARTMENT_ACKNOWLEDGE: 2,
        Stage.DEPARTMENT_HANDLING: 15,
    }


def test_department_then_workstation_then_kind_override_the_default(settings):
    settings.DEADLINE_DEPARTMENT_HANDLING_DAYS_BY_KIND = {"public_opinion": 7}
    workstation = factories.WorkstationFactory(first_response_days=2)
    department = factories.DepartmentFactory(handling_days=20, consultation_days=None)

    assert stage_days(Stage.FIRST_RESPONSE, workstation=workstation) == 2
    assert stage_days(Stage.DEPARTMENT_HANDLING, department=department, proposal_kind="public_opinion") == 20
    assert stage_days(Stage.DEPARTMENT_HANDLING, proposal_kind="public_opinion") == 7
    assert stage_days(Stage.CONSULTATION, department=department) == 10


def test_a_consultation_sent_before_national_day_is_due_after_it():
    # 10 working days from 28 September 2026: 29, 30 Sep, 8, 9, 10 (Sat, 调休), 12-16 Oct
    assert stage_due_date(Stage.CONSULTATION, start=datetime.date(2026, 9, 28)) == datetime.date(2026, 10, 16)
