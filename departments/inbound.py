"""What a department's own system may do through the signed webhook receiver (handoffs.inbound).

The verified signature is the department's authority, as the signed e-mail link is for a person, so
each function checks that the hand-off belongs to the department that signed, then calls the same
workflow service the portal calls. A refusal is a ValidationError with the reason.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from departments import services
from petitions.models import Consultation
from petitions.services import handling
from petitions.workflow import TransitionError
from proposals.models import ProposalAssignment


def _id(data: dict, key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValidationError(_("缺少或错误的 %(key)s。") % {"key": key})
    return value


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(_("缺少 %(key)s。") % {"key": key})
    return value


def _refusal(error: TransitionError) -> ValidationError:
    return ValidationError(str(error.message))


def consultation_answer(*, department, data: dict) -> dict:
    consultation_id = _id(data, "consultation_id")
    if not Consultation.objects.filter(pk=consultation_id, department=department).exists():
        raise ValidationError(_("该咨询不属于本部门。"))
    try:
        handling.consultation_answer(consultation_id=consultation_id, answer=_text(data, "answer"), via_link=True)
    except TransitionError as error:
        raise _refusal(error) from error
    return {"consultation_id": consultation_id, "status": "answered"}


def _own_assignment(department, data: dict) -> int:
    assignment_id = _id(data, "assignment_id")
    if not ProposalAssignment.objects.filter(pk=assignment_id, department=department).exists():
        raise ValidationError(_("该交办不属于本部门。"))
    return assignment_id


def assignment_acknowledge(*, department, data: dict) -> dict:
    assignment_id = _own_assignment(department, data)
    try:
        services.assignment_acknowledge(assignment_id=assignment_id, via_link=True)
    except TransitionError as error:
        raise _refusal(error) from error
    return {"assignment_id": assignment_id, "status": "acknowledged"}


def assignment_report(*, department, data: dict) -> dict:
    assignment_id = _own_assignment(department, data)
    try:
        services.assignment_report(assignment_id=assignment_id, result=_text(data, "result"), via_link=True)
    except TransitionError as error:
        raise _refusal(error) from error
    return {"assignment_id": assignment_id, "status": "reported"}
