"""Reads of the hand-off outbox, for the case page, the admin and the monitoring (/metrics, /readyz)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from handoffs.choices import DeliveryState
from handoffs.models import Delivery, DeliveryAttempt


def deliveries_for_petition(*, petition) -> QuerySet[Delivery]:
    """Every hand-off of one case, newest first, each with its department and its attempts
    (`delivery.attempt_log.all()`, oldest first) loaded: two queries however many there are.
    The caller has already checked that the user may see the petition."""
    return (
        Delivery.objects.filter(Q(consultation__petition=petition) | Q(assignment__proposal__petitions=petition))
        .distinct()
        .select_related("department")
        .prefetch_related(Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("started_at", "id")))
        .order_by("-created_at", "-id")
    )


def delivery_attempts(*, delivery) -> QuerySet[DeliveryAttempt]:
    return DeliveryAttempt.objects.filter(delivery=delivery).order_by("started_at", "id")


@dataclass(frozen=True)
class OutboxBacklog:
    """The outbox at one moment: rows not yet delivered, the age of the oldest of them, and the age
    of the oldest row whose next try is due but that nobody has taken (a stuck worker or broker)."""

    waiting: int
    oldest_age_seconds: float | None
    oldest_due_age_seconds: float | None


def outbox_backlog(*, now: datetime.datetime | None = None) -> OutboxBacklog:
    """One aggregate over the pending rows (the partial index delivery_pending_due_idx)."""
    now = now or timezone.now()
    row = Delivery.objects.filter(state=DeliveryState.PENDING).aggregate(
        waiting=Count("pk"),
        oldest=Min("created_at"),
        oldest_due=Min("next_attempt_at", filter=Q(next_attempt_at__lte=now)),
    )

    def age(moment):
        return None if moment is None else max(0.0, (now - moment).total_seconds())

    return OutboxBacklog(
        waiting=row["waiting"], oldest_age_seconds=age(row["oldest"]), oldest_due_age_seconds=age(row["oldest_due"])
    )
