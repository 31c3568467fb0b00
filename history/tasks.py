from celery import shared_task


# Far longer than the default limits (a 200,000-row file is minutes of work), and below the Redis
# broker's visibility timeout (an hour), so a message is delivered again only if its worker died.
@shared_task(name="history.batch_run", soft_time_limit=1500, time_limit=1800)  # jobs.TASK_TIME_LIMIT
def batch_run(batch_id: int) -> str:
    """Check and import one uploaded batch (history.services.jobs)."""
    from history.services import batch_run as run

    return run(batch_id=batch_id)


@shared_task(name="history.batches_requeue", soft_time_limit=50, time_limit=60)
def batches_requeue() -> int:
    """Queue again the batches whose task a lost message or a dead worker left (beat)."""
    from history.services import batches_requeue as requeue

    return requeue()
