from celery import shared_task


@shared_task(name="common.ping", acks_late=False, soft_time_limit=5, time_limit=10)
def ping() -> str:
    """Proves the path web → broker → worker → result: the worker answers "pong"."""
    return "pong"
