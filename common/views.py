from django.conf import settings
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common import health
from common.http import is_loopback_request


def _presented_token(request) -> str:
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.META.get("HTTP_X_HEALTHZ_TOKEN", "").strip()


def _may_see_details(request) -> bool:
    """This host (loopback, not through a proxy) or a monitor holding settings.HEALTHZ_TOKEN."""
    if is_loopback_request(request):
        return True
    expected = getattr(settings, "HEALTHZ_TOKEN", "")
    presented = _presented_token(request)
    return bool(expected) and bool(presented) and constant_time_compare(presented, expected)


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok"} when the database, the broker and a worker are reachable, else 503
    {"status": "down"}. Which component failed, and how, is for this host or a token holder only:
    the public learns nothing about our infrastructure from it (等保 2.0: minimal disclosure)."""
    report = health.health_report()
    failing = [name for name, result in report.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "down"}
    if _may_see_details(request):
        body |= {"failing": failing, "checks": report}
    return JsonResponse(body, status=200 if not failing else 503)
