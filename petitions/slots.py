"""What petitions needs from the apps above it (knowledge, proposals, departments, handoffs),
provided in their AppConfig.ready() (common.registry): the case page and the four-step reply call
these, and never import those apps."""

from common.registry import Slot

consultation_handoff = Slot(
    "petitions.consultation_handoff",
    "consultation_handoff(*, consultation): write the consultation's hand-off to the outbox, in the "
    "caller's transaction (handoffs).",
)
department_handler_check = Slot(
    "petitions.department_handler_check",
    "department_handler_check(user, department) -> bool: a signed-in handler of this department (departments).",
)
departments_active = Slot(
    "petitions.departments_active", "departments_active() -> QuerySet: the departments a case may consult."
)
answers_active = Slot(
    "petitions.answers_active", "answers_active() -> QuerySet: knowledge-base entries a reply may cite (knowledge)."
)
answer_search = Slot(
    "petitions.answer_search",
    "answer_search(*, query, category_id, body=None) -> QuerySet: entries offered on the case page, those of "
    "the case's CPPCC body and those the bodies above share with it (knowledge).",
)
answer_get = Slot("petitions.answer_get", "answer_get(*, pk) -> entry or None: an active entry (knowledge).")
proposals_for_case = Slot(
    "petitions.proposals_for_case",
    "proposals_for_case(*, petition) -> QuerySet: the case's proposals with their assignments and "
    "hand-offs prefetched (proposals).",
)
proposals_open_for_member = Slot(
    "petitions.proposals_open_for_member",
    "proposals_open_for_member(*, member) -> QuerySet: the member's proposals that can take another case (proposals).",
)
proposal_case_panel = Slot(
    "petitions.proposal_case_panel",
    "proposal_case_panel(*, user, proposal, next_url) -> dict: a track-4 case's proposal on the case page: its "
    "state, the action due now and the forms that act on it, posting to the proposal's views (proposals).",
)
petitions_assigned_to_department = Slot(
    "petitions.petitions_assigned_to_department",
    "petitions_assigned_to_department(*, department_id) -> QuerySet of petition ids (values('petition_id')) "
    "whose proposals were assigned to that department (proposals).",
)
