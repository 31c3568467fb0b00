"""Writing hand-offs to the outbox. Called inside the transaction of the state change that causes
the hand-off (a consultation sent, a proposal assigned), so both commit or neither does."""

from django.db import transaction

from handoffs.choices import DeliveryKind
from handoffs.models import Delivery


def _enqueue_after_commit(delivery_id: int) -> None:
    from handoffs.tasks import delivery_send

    # If the broker is down at commit time this raises inside on_commit's callback; the row is
    # committed all the same and the sweeper on beat sends it later.
    transaction.on_commit(lambda: delivery_send.delay(delivery_id), robust=True)


@transaction.atomic
def delivery_create_for_consultation(*, consultation) -> Delivery:
    department = consultation.department
    delivery = Delivery.objects.create(
        kind=DeliveryKind.CONSULTATION,
        department=department,
        channel=department.channel,
        consultation=consultation,
        payload={
            "type": "consultation",
            "consultation_id": consultation.pk,
            "tracking_code": consultation.petition.tracking_code,
            "question": consultation.question,
            "due_date": consultation.due_date.isoformat(),
        },
    )
    _enqueue_after_commit(delivery.pk)
    return delivery


@transaction.atomic
def delivery_create_for_assignment(*, assignment) -> Delivery:
    department = assignment.department
    proposal = assignment.proposal
    delivery = Delivery.objects.create(
        kind=DeliveryKind.ASSIGNMENT,
        department=department,
        channel=department.channel,
        assignment=assignment,
        payload={
            "type": "assignment",
            "assignment_id": assignment.pk,
            "role": assignment.role,
            "proposal": {
                "kind": proposal.kind,
                "title": proposal.title,
                "facts": proposal.facts,
                "suggestion": proposal.suggestion,
            },
            "acknowledge_due": assignment.acknowledge_due.isoformat(),
            "due_date": assignment.due_date.isoformat(),
        },
    )
    _enqueue_after_commit(delivery.pk)
    return delivery
