"""`/audit/`: the access log for office staff, its export, and the 403 handler that records every
refusal."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit import exports
from audit.choices import AccessKind
from audit.forms import AccessLogFilterForm
from audit.permissions import can_view_access_log
from audit.selectors import access_log_list
from audit.services import access_record
from common.replica import use_replica

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _rows_for(request):
    if not can_view_access_log(request.user):
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    return form, access_log_list(
        user=request.user,
        who=cleaned.get("who", ""),
        tracking_code=cleaned.get("tracking_code", ""),
        kind=cleaned.get("kind", ""),
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
    )


@login_required
@never_cache
@require_GET
def access_log(request):
    form, rows = _rows_for(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


@login_required
@never_cache
@require_GET
@use_replica()
def access_log_export(request, fmt: str):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    _form, rows = _rows_for(request)
    rows = list(rows[:EXPORT_LIMIT])
    # The log holds who looked at which case: taking it out is itself an access.
    detail = f"access_log {fmt} {request.GET.urlencode()}"
    access_record(kind=AccessKind.EXPORT, request=request, detail=detail, row_count=len(rows))
    stamp = f"{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(exports.access_log_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.access_log_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.{fmt}"'
    return response


def permission_denied(request, exception=None):
    """handler403: every PermissionDenied (a role's permission missing, a page not for this user)
    is recorded with the path and the user, then answered as Django would."""
    access_record(kind=AccessKind.PERMISSION_DENIED, request=request, detail=str(exception or "")[:300])
    return defaults.permission_denied(request, exception)
