"""Every read of the access log."""

import datetime

from django.db.models import Q, QuerySet

from audit.models import AccessLog
from audit.slots import access_log_scope

CASE_LOG_LIMIT = 50


def access_log_list(
    *,
    user,
    who: str = "",
    tracking_code: str = "",
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """The audit page and its export: newest first, filtered; `who` matches the username as
    recorded or the user's full name, `tracking_code` a code's beginning. Office staff read the
    rows of their CPPCC body and the bodies below it (access_log_scope), a superuser every row."""
    rows = AccessLog.objects.select_related("actor")
    scope = access_log_scope(user)
    if scope is not None:
        rows = rows.filter(scope)
    if who:
        rows = rows.filter(Q(actor_label__iexact=who) | Q(actor__full_name__icontains=who))
    if tracking_code:
        rows = rows.filter(tracking_code__startswith=tracking_code)
    if kind:
        rows = rows.filter(kind=kind)
    if date_from:
        rows = rows.filter(created_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(created_at__date__lte=date_to)
    return rows


def access_log_for_case(*, petition_id: int, limit: int = CASE_LOG_LIMIT) -> list[AccessLog]:
    """A case's own log (查看记录), newest first: who looked at its citizen's data."""
    return list(AccessLog.objects.filter(petition_id=petition_id).select_related("actor")[:limit])
