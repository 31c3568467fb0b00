"""Delivering one outbox row to its department."""

from django.db import transaction
from django.utils import timezone

from departments.choices import DeliveryChannel
from handoffs.choices import DeliveryState
from handoffs.models import Delivery, DeliveryAttempt


@transaction.atomic
def delivery_attempt(*, delivery_id: int) -> Delivery:
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state != DeliveryState.PENDING:
        return delivery
    if delivery.channel == DeliveryChannel.IN_APP:
        # In-app hand-offs are "delivered" once written: the department portal lists them.
        now = timezone.now()
        DeliveryAttempt.objects.create(delivery=delivery, started_at=now, succeeded=True)
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["state", "delivered_at", "attempts"])
    return delivery
