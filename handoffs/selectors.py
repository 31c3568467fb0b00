"""Reads of the hand-off outbox, for the case page and the admin."""

from django.db.models import Prefetch, Q, QuerySet

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
