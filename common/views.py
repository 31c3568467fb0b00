from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common import health


@never_cache
@require_GET
def healthz(request):
    """200 when the database, the broker and a worker are reachable; 503 naming what is not."""
    report = health.health_report()
    failing = [name for name, result in report.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "unavailable", "failing": failing, "checks": report}
    return JsonResponse(body, status=200 if not failing else 503)
