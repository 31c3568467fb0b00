"""Writing hand-offs to the outbox. Called inside the transaction of the state change that causes
the hand-off (a consultation sent, a proposal assigned), so both commit or neither does."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.queueing import enqueue_after_commit
from handoffs.choices import DeliveryKind, DeliveryState
from handoffs.models import Delivery


def _enqueue_after_commit(delivery_id: int, expected_attempts: int = 0) -> None:
    # If the broker is down at commit time this raises inside on_commit's callback; the row is
    # committed all the same and the sweeper on beat sends it later.
    enqueue_after_commit("handoffs.delivery_send", delivery_id, expected_attempts)


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


@transaction.atomic
def delivery_sweep(*, now: datetime.datetime | None = None, batch: int | None = None) -> list[int]:
    """Re-enqueue pending deliveries whose next try is due: their message was never published
    (broker down at commit), was lost, or its worker died. Run by beat; safe to run twice at once.

    Reads only due rows through the partial index on pending rows; rows a worker is sending right
    now are locked and skipped. Each picked row is leased (next_attempt_at pushed forward) so the
    next sweep does not enqueue it again while its task waits in a long queue.
    """
    now = now or timezone.now()
    batch = batch or settings.HANDOFF_SWEEP_BATCH
    cutoff = now - datetime.timedelta(seconds=settings.HANDOFF_SWEEP_GRACE_SECONDS)
    due = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(state=DeliveryState.PENDING, next_attempt_at__lte=cutoff)
        .order_by("next_attempt_at")
        .values_list("pk", "attempts")[:batch]
    )
    if not due:
        return []
    lease_until = now + datetime.timedelta(seconds=settings.HANDOFF_SWEEP_LEASE_SECONDS)
    Delivery.objects.filter(pk__in=[pk for pk, _attempts in due]).update(next_attempt_at=lease_until)
    for pk, attempts in due:
        _enqueue_after_commit(pk, attempts)
    return [pk for pk, _attempts in due]


@transaction.atomic
def delivery_retry(*, delivery_id: int) -> Delivery:
    """Give a failed hand-off another round of tries (a reviewer fixed the department's address or
    its system is back). Who may do it is checked by the caller (the admin: change permission)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state != DeliveryState.FAILED:
        return delivery
    delivery.state = DeliveryState.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
    _enqueue_after_commit(delivery.pk, 0)
    return delivery
