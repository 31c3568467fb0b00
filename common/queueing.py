"""Queue a Celery task by its registered name.

Services queue the very tasks that call them back (a sweep service re-queues deliveries, the task
runs the sweep service), so a service importing its own app's `tasks` module closes an import
circle (tests/test_architecture.py forbids them). Looking the task up by name in the Celery app's
registry breaks it: the object found is the one `tasks.py` defines (so tests that patch its
`delay` still see every call), registered when the app's `ready()` imports its tasks module.
"""

from celery import current_app
from django.db import transaction


def task_by_name(name: str):
    """The registered task object, e.g. "handoffs.delivery_send"."""
    return current_app.tasks[name]


def enqueue_after_commit(name: str, *args, **kwargs) -> None:
    """`.delay(*args, **kwargs)` once the surrounding transaction commits. If the broker is down
    then, the error is logged by on_commit (robust) and the caller's sweeper sends it later."""
    transaction.on_commit(lambda: task_by_name(name).delay(*args, **kwargs), robust=True)
