"""Liaison officers' roster pages: overview, month calendar, edits, generate, publish, swaps,
exports. Views parse input, call a service and show its message; the rules live in members.services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.choices import AccessKind
from audit.services import access_record
from members import exports, selectors, services
from members.forms import (
    DutyAddForm,
    DutyMoveForm,
    DutyRemoveForm,
    GenerateForm,
    PublishForm,
    ReceptionRuleForm,
    SwapDeclineForm,
)
from members.generator import month_add
from members.services import RosterError


def _month(year: int, month: int) -> datetime.date:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return datetime.date(year, month, 1)


def _calendar_url(workstation, month: datetime.date) -> str:
    return reverse("members:calendar", args=[workstation.code, month.year, month.month])


def _officer_required(view):
    """Signed in and managing at least one workstation; which ones is checked per object (404)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.officer_workstations(request.user).exists():
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- Liaison officers ----------------------------------------------------------------------------


@require_GET
@_officer_required
def overview(request):
    """All the officer's workstations for one month (this month unless ?month=YYYY-MM asks for
    another), uncovered slots highlighted."""
    this_month = timezone.localdate().replace(day=1)
    raw = request.GET.get("month", "")
    try:
        month = datetime.date.fromisoformat(raw + "-01") if raw else this_month
    except ValueError:
        month = this_month
    rows = selectors.rosters_overview(user=request.user, month=month)
    context = {
        "month": month,
        "previous": month_add(month, -1),
        "next": month_add(month, 1),
        "rows": rows,
        "pending_swaps": selectors.swap_requests_for_officer(user=request.user).count(),
        "generate_form": GenerateForm(),
    }
    return render(request, "members/overview.html", context)


@require_GET
@_officer_required
def month_calendar(request, code, year, month):
    workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
    month = _month(year, month)
    calendar = selectors.roster_calendar(workstation=workstation, month=month)
    context = {
        "cal": calendar,
        "previous": month_add(month, -1),
        "next": month_add(month, 1),
        "add_form": DutyAddForm(workstation=workstation, initial={"date": month}),
        "publish_form": PublishForm(has_gaps=bool(calendar.gaps)),
        "generate_form": GenerateForm(),
        "slot_choices": DutyMoveForm.base_fields["slot"].choices,
        "rule_form": ReceptionRuleForm(),
    }
    return render(request, "members/calendar.html", context)


@require_POST
@_officer_required
def roster_generate(request, code, year, month):
    workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
    month = _month(year, month)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_calendar_url(workstation, month))
    _generate(request, [workstation], month, form.cleaned_data["scope"])
    return redirect(_calendar_url(workstation, month))


@require_POST
@_officer_required
def roster_generate_all(request, year, month):
    """Generate one month (or the year) for every workstation the officer manages, in one go."""
    month = _month(year, month)
    form = GenerateForm(request.POST)
    if form.is_valid():
        workstations = list(selectors.officer_workstations(request.user).filter(is_active=True))
        _generate(request, workstations, month, form.cleaned_data["scope"])
    else:
        _form_errors(request, form)
    return redirect(reverse("members:overview") + f"?month={month:%Y-%m}")


def _generate(request, workstations, month: datetime.date, scope: str) -> None:
    months = services.generation_months(month, scope)
    try:
        report = services.roster_generate(actor=request.user, workstations=workstations, months=months)
    except RosterError as error:
        messages.error(request, error.message)
        return
    messages.success(
        request,
        _("自动排班完成：新增 %(added)d 项，未能安排 %(unfilled)d 项，已发布未改动 %(skipped)d 个月。")
        % {"added": report.added, "unfilled": len(report.unfilled), "skipped": len(report.skipped)},
    )
    for line in report.unfilled_lines()[:20]:
        messages.warning(request, line)
    if len(report.unfilled) > 20:
        messages.warning(request, _("另有 %(count)d 项未能安排，见总览。") % {"count": len(report.unfilled) - 20})


@require_POST
@_officer_required
def roster_publish(request, code, year, month):
    workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
    month = _month(year, month)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.roster_publish(
            actor=request.user,
            workstation=workstation,
            month=month,
            confirm_uncovered=form.cleaned_data.get("confirm_uncovered", False),
        )
    except RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(month)s值班表已发布。") % {"month": f"{month:%Y年%m月}"})
    return redirect(_calendar_url(workstation, month))


@require_POST
@_officer_required
def duty_add(request, code, year, month):
    workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
    month = _month(year, month)
    form = DutyAddForm(request.POST, workstation=workstation)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_calendar_url(workstation, month))
    data = form.cleaned_data
    try:
        services.duty_add(
            actor=request.user,
            workstation=workstation,
            month=month,
            member=data["member"],
            kind=data["kind"],
            date=data["date"],
            slot=data["slot"],
            note=data["note"],
            confirm_published=data["confirm_published"],
            reason=data["reason"],
        )
    except RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已安排 %(name)s。") % {"name": data["member"].name})
    return redirect(_calendar_url(workstation, month))


@require_POST
@_officer_required
def duty_move(request, pk):
    duty = selectors.duty_get_for_officer(user=request.user, pk=pk)
    form = DutyMoveForm(request.POST, workstation=duty.roster.workstation)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_calendar_url(duty.roster.workstation, duty.roster.month))
    data = form.cleaned_data
    try:
        services.duty_move(
            actor=request.user,
            duty=duty,
            date=data["date"],
            slot=data["slot"],
            member=data["member"],
            confirm_published=data["confirm_published"],
            reason=data["reason"],
        )
    except RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("值班已调整。"))
    return redirect(_calendar_url(duty.roster.workstation, duty.roster.month))


@require_POST
@_officer_required
def duty_remove(request, pk):
    duty = selectors.duty_get_for_officer(user=request.user, pk=pk)
    form = DutyRemoveForm(request.POST)
    form.is_valid()
    try:
        services.duty_remove(
            actor=request.user,
            duty=duty,
            confirm_published=form.cleaned_data.get("confirm_published", False),
            reason=form.cleaned_data.get("reason", ""),
        )
    except RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("值班已删除。"))
    return redirect(_calendar_url(duty.roster.workstation, duty.roster.month))


@require_GET
@_officer_required
def roster_export(request, code, year, fmt):
    workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
    if not 2000 <= year <= 2100:
        raise Http404
    duties = selectors.year_duties(workstation=workstation, year=year)
    selectors.access_log.info(
        "roster export: user=%s workstation=%s year=%s format=%s", request.user.pk, code, year, fmt
    )
    duties = list(duties)
    access_record(kind=AccessKind.EXPORT, request=request, detail=f"roster {code} {year} {fmt}", row_count=len(duties))
    filename = f"roster-{workstation.code}-{year}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.roster_year_csv(duties=duties), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.roster_year_xlsx(workstation=workstation, year=year, duties=duties),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@_officer_required
def swap_list(request):
    return render(
        request,
        "members/swaps.html",
        {"swaps": selectors.swap_requests_for_officer(user=request.user), "decline_form": SwapDeclineForm()},
    )


@require_POST
@_officer_required
def swap_decide(request, pk, decision):
    swap = selectors.swap_request_get_for_officer(user=request.user, pk=pk)
    try:
        if decision == "approve":
            services.swap_request_approve(actor=request.user, swap=swap)
            messages.success(request, _("已同意换班，值班表已更新。"))
        else:
            form = SwapDeclineForm(request.POST)
            form.is_valid()
            services.swap_request_decline(actor=request.user, swap=swap, note=form.cleaned_data.get("note", ""))
            messages.success(request, _("已拒绝该换班申请。"))
    except RosterError as error:
        messages.error(request, error.message)
    return redirect("members:swaps")


@require_POST
@_officer_required
def reception_rule_add(request, code, year, month):
    workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
    month = _month(year, month)
    form = ReceptionRuleForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_calendar_url(workstation, month))
    try:
        rule = services.reception_rule_add(workstation=workstation, **form.cleaned_data)
    except RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已添加接待日：%(rule)s。") % {"rule": rule})
    return redirect(_calendar_url(workstation, month))


@require_POST
@_officer_required
def reception_rule_remove(request, pk, year, month):
    rule = selectors.reception_rule_get_for_officer(user=request.user, pk=pk)
    month = _month(year, month)
    services.reception_rule_remove(rule=rule)
    messages.success(request, _("已删除接待日：%(rule)s。") % {"rule": rule})
    return redirect(_calendar_url(rule.workstation, month))
