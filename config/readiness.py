"""/readyz: is the whole system doing its work, not only up? For the monitor (and an orchestrator
that holds back traffic from a new release until it is ready); the proxy keeps asking /healthz.

Ready means /healthz's checks pass (database, broker, a worker) and also
- beat: the beat's last tick (common.beat_tick, every minute, run by a worker of the periodic
  queue) is at most READINESS_BEAT_MAX_AGE_SECONDS old;
- outbox: no hand-off whose try is due has waited longer than READINESS_OUTBOX_MAX_AGE_SECONDS for
  a worker (rows waiting for a later retry, because a department's receiver is down, do not count).

200 {"status": "ready"} or 503 {"status": "not ready"}; the checks' details only for this host or
a request carrying HEALTHZ_TOKEN, as for /healthz.
"""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common import health
from common.http import may_see_operational_details
from common.selectors import heartbeat_age_seconds
from handoffs.selectors import outbox_backlog


def check_beat() -> tuple[bool, str]:
    try:
        age = heartbeat_age_seconds(name="beat")
    except Exception as exc:
        return False, exc.__class__.__name__
    if age is None:
        return False, "no tick yet"
    limit = settings.READINESS_BEAT_MAX_AGE_SECONDS
    return age <= limit, f"last tick {age:.0f} s ago (limit {limit:.0f} s)"


def check_outbox() -> tuple[bool, str]:
    try:
        backlog = outbox_backlog()
    except Exception as exc:
        return False, exc.__class__.__name__
    waited = backlog.oldest_due_age_seconds or 0
    limit = settings.READINESS_OUTBOX_MAX_AGE_SECONDS
    return waited <= limit, f"{backlog.waiting} waiting, oldest due {waited:.0f} s ago (limit {limit:.0f} s)"


def readiness_report() -> dict[str, dict]:
    report = health.health_report()
    for name, check in (("beat", check_beat), ("outbox", check_outbox)):
        if report["database"]["ok"]:
            ok, detail = check()
        else:
            ok, detail = False, "database unreachable"
        report[name] = {"ok": ok, "detail": detail}
    return report


@never_cache
@require_GET
def readyz(request):
    report = readiness_report()
    failing = [name for name, result in report.items() if not result["ok"]]
    body = {"status": "ready" if not failing else "not ready"}
    if may_see_operational_details(request):
        body |= {"failing": failing, "checks": report}
    return JsonResponse(body, status=200 if not failing else 503)
