from celery import shared_task


@shared_task(name="handoffs.delivery_send", soft_time_limit=60, time_limit=90)
def delivery_send(delivery_id: int) -> None:
    """Deliver one outbox row. The channels (e-mail, signed webhook, in-app), retries and the
    sweeper are built in the Celery hand-off work (issue 6)."""
    from handoffs.delivery import delivery_attempt

    delivery_attempt(delivery_id=delivery_id)
