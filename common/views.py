from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common import health
from common.http import may_see_operational_details


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok"} when the database, the broker and a worker are reachable, else 503
    {"status": "down"}. Which component failed, and how, is for this host or a token holder only:
    the public learns nothing about our infrastructure from it (等保 2.0: minimal disclosure)."""
    report = health.health_report()
    failing = [name for name, result in report.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "down"}
    if may_see_operational_details(request):
        body |= {"failing": failing, "checks": report}
    return JsonResponse(body, status=200 if not failing else 503)
