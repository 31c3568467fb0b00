"""What /healthz checks: the database, the broker and at least one Celery worker."""

from celery import current_app as celery_app
from django.db import connection

# The project's Celery app (config.celery_app) is the current one from Django's start
# (config/__init__.py); common sits below config and does not import it.


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, exc.__class__.__name__
    return True, "ok"


def check_broker() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, exc.__class__.__name__
    return True, "ok"


def check_workers() -> tuple[bool, str]:
    try:
        replies = celery_app.control.ping(timeout=1.5)
    except Exception as exc:
        return False, exc.__class__.__name__
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} worker(s)"


def health_report() -> dict[str, dict]:
    report = {}
    for name, check in (("database", check_database), ("broker", check_broker)):
        ok, detail = check()
        report[name] = {"ok": ok, "detail": detail}
    if report["broker"]["ok"]:
        ok, detail = check_workers()
    else:
        ok, detail = False, "broker unreachable"
    report["workers"] = {"ok": ok, "detail": detail}
    return report
