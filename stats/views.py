"""The statistics pages. Every number comes from stats.selectors; the views parse the filter,
check who may look, and render."""

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from audit.choices import AccessKind
from audit.services import access_record
from common.replica import use_replica
from members.models import Member
from stats import selectors
from stats.exports import dashboard_tables, to_csv, to_xlsx
from stats.filters import StatsFilterForm, form_show_period, stats_filter_from_form
from topics.selectors import member_topic_record
from workstations.models import Workstation

audit = logging.getLogger("stats.audit")


def filter_for_request(request):
    """(form, filter) for this viewer: raises PermissionDenied for those without statistics."""
    scope = selectors.stats_scope(request.user)
    tree, ordered = selectors.workstation_tree()
    choices = selectors.filter_choices(scope=scope, ordered_workstations=ordered)
    form = StatsFilterForm(request.GET or None, choices=choices)
    f = stats_filter_from_form(form, scope=scope, tree=tree)
    form_show_period(form, f)
    return form, f


def _query_string(f) -> str:
    from urllib.parse import urlencode

    return urlencode(f.params)


def _chart_data(data: dict) -> dict:
    # The legends in the reader's language: the script draws what the page hands it.
    return {
        "legend": {
            "collected": gettext("收集"),
            "handled": gettext("处理"),
            "solved": gettext("解决"),
            "on_time_rate": gettext("按时办结率（%）"),
        },
        "trend": {
            "labels": [r["label"] for r in data["trend"]],
            "collected": [r["collected"] for r in data["trend"]],
            "handled": [r["handled"] for r in data["trend"]],
            "solved": [r["solved"] for r in data["trend"]],
        },
        "categories": {
            "labels": [r["name"] for r in data["categories"][:12]],
            "collected": [r["collected"] for r in data["categories"][:12]],
            "solved": [r["solved"] for r in data["categories"][:12]],
        },
        "departments": {
            "labels": [r["name"] for r in data["departments"][:12]],
            "on_time_rate": [r["on_time_rate"] or 0 for r in data["departments"][:12]],
        },
    }


@login_required
@require_GET
@use_replica()
def dashboard(request):
    form, f = filter_for_request(request)
    data = selectors.dashboard(f)
    return render(
        request,
        "stats/dashboard.html",
        {"form": form, "f": f, "data": data, "chart_data": _chart_data(data), "qs": _query_string(f)},
    )


@login_required
@require_GET
@use_replica()
def export(request, fmt: str):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    _form, f = filter_for_request(request)
    tables = dashboard_tables(selectors.dashboard(f), f)
    # Exports leave the system: who took which figures, and when, goes to the audit log.
    audit.info("stats export user=%s format=%s filter=%s", request.user.pk, fmt, f.params)
    # The member workload table names people: the export goes to the access log too.
    access_record(
        kind=AccessKind.EXPORT,
        request=request,
        detail=f"stats {fmt} {f.start:%Y-%m-%d}..{f.end:%Y-%m-%d}",
        row_count=sum(len(rows) for _title, _header, rows in tables),
    )
    stamp = f"{f.start:%Y%m%d}-{f.end:%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(tables), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(to_csv(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stats-{stamp}.{fmt}"'
    return response


@login_required
@require_GET
@use_replica()
def cases(request, figure: str):
    if figure not in selectors.CASES:
        raise Http404
    form, f = filter_for_request(request)
    context = {"form": form, "f": f, "figure": figure, "title": selectors.CASES[figure], "qs": _query_string(f)}
    if figure in ("handoffs_due", "handoffs_on_time"):
        consultations, assignments = selectors.handoff_cases(figure=figure, f=f)
        context.update(consultations=consultations[:500], assignments=assignments[:500], kind="handoffs")
        context["count"] = consultations.count() + assignments.count()
    elif figure == "projects":
        page = Paginator(selectors.proposal_cases(figure=figure, f=f), 50).get_page(request.GET.get("page"))
        imported = selectors.imported_project_cases(f=f, user=request.user)
        context.update(
            page=page,
            kind="proposals",
            imported=imported[:500],
            count=page.paginator.count + imported.count(),
        )
    else:
        page = Paginator(selectors.petition_cases(figure=figure, f=f, user=request.user), 50).get_page(
            request.GET.get("page")
        )
        context.update(page=page, kind="petitions", count=page.paginator.count)
    return render(request, "stats/cases.html", context)


@login_required
@require_GET
@use_replica()
def report(request):
    """The monthly report: the month's figures and tables on a page that prints cleanly."""
    form, f = filter_for_request(request)
    data = selectors.dashboard(f)
    return render(request, "stats/report.html", {"form": form, "f": f, "data": data, "qs": _query_string(f)})


def _record_for_request(request, pk: int | None):
    """(member, year) whose record this viewer may see: the member themself, the liaison officers of
    a workstation the member serves, office staff (statistics); else 403 (404 for a non-member's
    own record)."""
    own = Member.objects.filter(user=request.user).select_related("user", "sector").first()
    if pk is None:
        if own is None:
            raise Http404
        member = own
    else:
        member = get_object_or_404(Member.objects.select_related("user", "sector"), pk=pk)
    allowed = (
        member == own
        or request.user.is_superuser
        or request.user.has_perm(selectors.scope.VIEW_STATISTICS)
        or Workstation.objects.filter(liaison_officers=request.user, members=member).exists()
    )
    if not allowed:
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return member, min(max(year, 2000), 2100)


@login_required
@require_GET
@use_replica()
def member_record(request, pk: int | None = None):
    """A member's record for a year: the member sees their own, their liaison officers and office
    staff anyone's they look after."""
    member, year = _record_for_request(request, pk)
    record = selectors.member_record(member=member, year=year)
    this_year = timezone.localdate().year
    return render(
        request,
        "stats/member_record.html",
        {
            **record,
            # The page shows the research part with links to the topics (topics/_member_record.html);
            # the printable page and the XLSX have it as a section like the others.
            "sections": [s for s in record["sections"] if s.key != "research"],
            "research": member_topic_record(member, year),
            "years": list(range(this_year, this_year - 5, -1)),
        },
    )


@login_required
@require_GET
@use_replica()
def member_record_print(request, pk: int):
    """The record on a page that prints on A4 (static print CSS), for the member's file."""
    member, year = _record_for_request(request, pk)
    return render(request, "stats/member_record_print.html", selectors.member_record(member=member, year=year))


@login_required
@require_GET
@use_replica()
def member_record_export(request, pk: int):
    """The record as an XLSX workbook: a cover sheet, then one sheet per section."""
    member, year = _record_for_request(request, pk)
    record = selectors.member_record(member=member, year=year)
    response = HttpResponse(
        to_xlsx(selectors.member_record_tables(record)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="member-record-{member.pk}-{year}.xlsx"'
    return response
