"""Stage deadlines in working days: the office-wide defaults (settings.DEADLINE_DEFAULTS),
overridden per CPPCC body (and the bodies above it), per workstation, per department and per
proposal kind."""

import datetime
from enum import StrEnum

from django.conf import settings

from common.calendar import add_working_days


class Stage(StrEnum):
    FIRST_RESPONSE = "first_response"
    DIRECT_REPLY = "direct_reply"
    CONSULTATION = "consultation"
    PROPOSAL_REVIEW = "proposal_review"
    DEPARTMENT_ACKNOWLEDGE = "department_acknowledge"
    DEPARTMENT_HANDLING = "department_handling"


# Which override field of which object applies to a stage.
_WORKSTATION_FIELDS = {Stage.FIRST_RESPONSE: "first_response_days", Stage.DIRECT_REPLY: "reply_days"}
_DEPARTMENT_FIELDS = {
    Stage.CONSULTATION: "consultation_days",
    Stage.DEPARTMENT_ACKNOWLEDGE: "acknowledge_days",
    Stage.DEPARTMENT_HANDLING: "handling_days",
}
# A CPPCC body's default for each stage (workstations.CppccBody).
_BODY_FIELDS = {
    Stage.FIRST_RESPONSE: "first_response_days",
    Stage.DIRECT_REPLY: "reply_days",
    Stage.CONSULTATION: "consultation_days",
    Stage.PROPOSAL_REVIEW: "proposal_review_days",
    Stage.DEPARTMENT_ACKNOWLEDGE: "acknowledge_days",
    Stage.DEPARTMENT_HANDLING: "handling_days",
}
# Bodies are at most province → city → county; the bound only guards against a broken tree.
_MAX_BODY_DEPTH = 8
# Proposal kinds handled on a different clock than the default (settings may extend this).
_PROPOSAL_KIND_DAYS = {
    Stage.PROPOSAL_REVIEW: "DEADLINE_PROPOSAL_REVIEW_DAYS_BY_KIND",
    Stage.DEPARTMENT_HANDLING: "DEADLINE_DEPARTMENT_HANDLING_DAYS_BY_KIND",
}


def _body_days(stage: Stage, body) -> int | None:
    """The first default set for this stage on the body or a body above it (the chain is read
    through `parent`, duck-typed: common knows no CppccBody)."""
    for _depth in range(_MAX_BODY_DEPTH):
        if body is None:
            return None
        value = getattr(body, _BODY_FIELDS[stage], None)
        if value:
            return value
        body = body.parent if getattr(body, "parent_id", None) else None
    return None


def stage_days(stage: Stage, *, workstation=None, department=None, proposal_kind: str | None = None, body=None) -> int:
    """The number of working days a stage gets, the most specific override winning:
    department, then workstation, then the CPPCC body (the department's, else the workstation's,
    else `body`) and the bodies above it, then proposal kind, then the office-wide default."""
    if department is not None and stage in _DEPARTMENT_FIELDS:
        value = getattr(department, _DEPARTMENT_FIELDS[stage])
        if value:
            return value
    if workstation is not None and stage in _WORKSTATION_FIELDS:
        value = getattr(workstation, _WORKSTATION_FIELDS[stage])
        if value:
            return value
    owner = body
    if department is not None and getattr(department, "body_id", None):
        owner = department.body
    elif workstation is not None and getattr(workstation, "body_id", None):
        owner = workstation.body
    value = _body_days(stage, owner)
    if value:
        return value
    if proposal_kind and stage in _PROPOSAL_KIND_DAYS:
        by_kind = getattr(settings, _PROPOSAL_KIND_DAYS[stage], {}) or {}
        if proposal_kind in by_kind:
            return by_kind[proposal_kind]
    return settings.DEADLINE_DEFAULTS[stage.value]


def stage_due_date(
    stage: Stage,
    *,
    start: datetime.date,
    workstation=None,
    department=None,
    proposal_kind: str | None = None,
    body=None,
) -> datetime.date:
    days = stage_days(stage, workstation=workstation, department=department, proposal_kind=proposal_kind, body=body)
    return add_working_days(start, days)
