"""One demo case and how it is written: the petition, its timeline as it happened, and what it
handed to a department (common.demo.departments) or became (common.demo.proposals)."""

import datetime
from dataclasses import dataclass, field

from common.deadlines import Stage, stage_due_date
from common.demo.departments import consultation_build
from common.demo.proposals import proposal_build
from petitions.choices import EventType, Status
from petitions.events import event_write
from petitions.models import Petition


@dataclass
class Scenario:
    """One demo case: where it came in, what the citizen said, and the steps it went through."""

    key: str
    workstation: str
    category: str
    content: str
    member: str | None
    final_status: str
    received_days_ago: float
    citizen: tuple[str, str] | None = ("市民", "")
    track: int | None = None
    steps: list[tuple] = field(default_factory=list)  # (days after receipt, event type, to_status, message, public)
    outcome: str = ""
    satisfaction: str = ""
    # The citizen's score of the result; the same as `satisfaction` when not given.
    result_satisfaction: str = ""
    households: int = 0
    reopen_count: int = 0
    extra: str = ""  # "consultation-pending", "consultation-answered", "proposal:<status>"
    proposal_title: str = ""  # when not the category's usual one
    # (facts, suggestion, the department's result) when the title is not the category's usual one,
    # so that a proposal's text speaks of what its title says
    proposal_text: tuple[str, str, str] | None = None
    # the suggested department's short name when not the category's usual (city) one
    proposal_department: str = ""

    def build(self, demo, key: str) -> Petition:
        workstation = demo.workstations[self.workstation]
        member = demo.members[self.member] if self.member else None
        received_at = demo.days_ago(self.received_days_ago, hour=21 if self.category == "noise" else 10)
        name, phone = self.citizen or ("", "")
        petition = Petition.objects.create(
            idempotency_key=key,
            workstation=workstation,
            category=demo.categories[self.category],
            content=self.content,
            is_anonymous=self.citizen is None,
            citizen_name=name,
            citizen_phone=phone,
            consent_given=self.citizen is not None,
            first_response_due=stage_due_date(Stage.FIRST_RESPONSE, start=received_at.date(), workstation=workstation),
        )
        Petition.objects.filter(pk=petition.pk).update(created_at=received_at)
        event_write(
            petition=petition,
            type=EventType.SUBMITTED,
            actor_label="群众",
            to_status=Status.RECEIVED,
            message="您的诉求已收到。",
            public=True,
            at=received_at,
        )
        status = Status.RECEIVED
        first_response = None
        replied_at = None
        closed_at = None
        for after_days, event_type, to_status, message, public in self.steps:
            at = received_at + datetime.timedelta(days=after_days)
            event_write(
                petition=petition,
                type=event_type,
                actor=member.user if member and event_type not in _NON_MEMBER_EVENTS else None,
                actor_label=_actor_label(event_type, demo),
                from_status=status,
                to_status=to_status or status,
                message=message,
                public=public,
                at=at,
            )
            if event_type != EventType.ASSIGNED and first_response is None and member is not None:
                first_response = at
            if event_type == EventType.REPLIED:
                replied_at = at
            if to_status == Status.CLOSED:
                closed_at = at
            status = to_status or status
        fields = {
            "status": self.final_status,
            "track": self.track,
            "assigned_member": member,
            "first_responded_at": first_response,
            "replied_at": replied_at,
            "closed_at": closed_at,
            "outcome": self.outcome,
            "satisfaction": self.satisfaction,
            "result_satisfaction": self.result_satisfaction or self.satisfaction,
            "rated_at": closed_at + datetime.timedelta(days=1) if self.satisfaction and closed_at else None,
            "households_helped": self.households,
            "reopen_count": self.reopen_count,
            "due_date": _open_due(self, demo, received_at),
        }
        if self.extra.startswith("merged:"):
            fields["merged_into"] = Petition.objects.get(idempotency_key=f"demo:{self.extra.removeprefix('merged:')}")
        Petition.objects.filter(pk=petition.pk).update(**fields)
        petition.refresh_from_db()
        _build_extra(self, demo, petition, member, received_at)
        return petition


_NON_MEMBER_EVENTS = {
    EventType.SUBMITTED,
    EventType.CONSULTATION_ANSWERED,
    EventType.PROPOSAL_ACCEPTED,
    EventType.PROPOSAL_RETURNED,
    EventType.PROPOSAL_ASSIGNED,
    EventType.DEPARTMENT_ACKNOWLEDGED,
    EventType.DEPARTMENT_CONTESTED,
    EventType.RESULT_REPORTED,
    EventType.RATED,
    EventType.MARKED_SPAM,
    EventType.WITHDRAWN,
}


def _actor_label(event_type: str, demo) -> str:
    if event_type in {EventType.CONSULTATION_ANSWERED, EventType.DEPARTMENT_ACKNOWLEDGED, EventType.RESULT_REPORTED}:
        return "承办部门"
    if event_type in {EventType.PROPOSAL_ACCEPTED, EventType.PROPOSAL_RETURNED, EventType.PROPOSAL_ASSIGNED}:
        return "市政协"
    if event_type in {EventType.RATED, EventType.WITHDRAWN}:
        return "群众"
    if event_type == EventType.MARKED_SPAM:
        return "联络员"
    return ""


def _open_due(scenario: Scenario, demo, received_at: datetime.datetime) -> datetime.date | None:
    if scenario.final_status in {Status.CLOSED, Status.SPAM, Status.WITHDRAWN, Status.MERGED}:
        return None
    stage = {
        Status.RECEIVED: Stage.FIRST_RESPONSE,
        Status.ASSIGNED: Stage.FIRST_RESPONSE,
        Status.CONSULTING: Stage.CONSULTATION,
        Status.PROPOSING: Stage.DEPARTMENT_HANDLING,
    }.get(scenario.final_status, Stage.DIRECT_REPLY)
    return stage_due_date(stage, start=received_at.date(), workstation=demo.workstations[scenario.workstation])


def _build_extra(scenario: Scenario, demo, petition: Petition, member, received_at) -> None:
    if not scenario.extra or scenario.extra.startswith("merged:"):
        return
    if scenario.extra.startswith("consultation"):
        consultation_build(demo, petition, member, received_at, answered=scenario.extra == "consultation-answered")
        return
    proposal_status = scenario.extra.removeprefix("proposal:")
    proposal_build(
        demo,
        petition,
        member,
        received_at,
        proposal_status,
        title=scenario.proposal_title,
        text=scenario.proposal_text,
        department=scenario.proposal_department,
    )


E = EventType
S = Status


def assign_step() -> tuple:
    return (0.02, E.ASSIGNED, S.ASSIGNED, "已分派给值班委员办理。", True)
