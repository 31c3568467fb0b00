"""Public-opinion report pages (社情民意信息): the list, writing one from cases, the report with its
timeline, its forwarding, and the report as a .docx and as a printable page. Views bind forms and
call services; the services decide what is allowed and say why not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from opinions import services
from opinions.exports import report_date, report_docx, sections
from opinions.forms import OpinionForwardForm, OpinionReportForm
from opinions.permissions import can_edit, can_forward, can_write
from opinions.selectors import opinion_cases, opinion_get_for_user, opinion_list, opinion_source_cases, opinion_timeline
from petitions.workflow import TransitionError

PAGE_SIZE = 50


def _case_ids(values) -> list[int]:
    ids = []
    for value in values:
        for part in str(value).split(","):
            if part.strip().isdigit():
                ids.append(int(part))
    return sorted(set(ids))[:50]


@login_required
@never_cache
def report_list(request):
    """`/opinions/`: the reports this user may see, newest first."""
    if not can_write(request.user):
        raise PermissionDenied
    reports = list(opinion_list(user=request.user)[:PAGE_SIZE])
    return render(request, "opinions/report_list.html", {"reports": reports})


@login_required
@never_cache
def report_new(request):
    """`/opinions/new/?cases=<id>,<id>`: the form, prefilled from the cases without personal data."""
    if not can_write(request.user):
        raise PermissionDenied
    ids = _case_ids(request.POST.getlist("cases") if request.method == "POST" else request.GET.getlist("cases"))
    petitions = opinion_source_cases(user=request.user, ids=ids) if ids else []
    if not petitions:
        messages.error(request, _("请先选择您承办、协办或本工作室的诉求，再撰写社情民意信息。"))
        return redirect("casework:inbox")
    if request.method == "POST":
        form = OpinionReportForm(request.POST)
        if form.is_valid():
            try:
                report = services.opinion_report_create(
                    user=request.user, petition_ids=[p.pk for p in petitions], **form.cleaned_data
                )
            except TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("社情民意信息已保存为草稿。"))
                return redirect("opinions:detail", pk=report.pk)
    else:
        form = OpinionReportForm(initial=services.opinion_prefill(user=request.user, petitions=petitions))
    return render(request, "opinions/report_form.html", {"form": form, "petitions": petitions})


@login_required
@never_cache
def report_detail(request, pk):
    """`/opinions/<pk>/`: the report, its source cases, its timeline; the edit and forward forms."""
    report = opinion_get_for_user(user=request.user, pk=pk)
    editable = can_edit(request.user, report)
    context = {
        "report": report,
        "sections": sections(report),
        "cases": opinion_cases(report=report),
        "events": opinion_timeline(report=report),
        "edit_form": OpinionReportForm(initial={f: getattr(report, f) for f in services.TEXT_FIELDS})
        if editable
        else None,
        "forward_form": OpinionForwardForm() if can_forward(request.user, report) else None,
    }
    return render(request, "opinions/report_detail.html", context)


@require_POST
@login_required
def report_edit(request, pk):
    report = opinion_get_for_user(user=request.user, pk=pk)
    form = OpinionReportForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("opinions:detail", pk=report.pk)
    try:
        services.opinion_report_update(user=request.user, report_id=report.pk, **form.cleaned_data)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已保存。"))
    return redirect("opinions:detail", pk=report.pk)


@require_POST
@login_required
def report_forward(request, pk):
    report = opinion_get_for_user(user=request.user, pk=pk)
    form = OpinionForwardForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("opinions:detail", pk=report.pk)
    try:
        services.opinion_report_forward(user=request.user, report_id=report.pk, **form.cleaned_data)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已登记报送。"))
    return redirect("opinions:detail", pk=report.pk)


@require_GET
@login_required
def report_export(request, pk):
    """`/opinions/<pk>/export.docx`: the report as a Word document in the customary layout."""
    report = opinion_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(
        report_docx(report), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="opinion-{report.pk}.docx"'
    return response


@require_GET
@login_required
def report_print(request, pk):
    """`/opinions/<pk>/print/`: the same layout as the document, on a page that prints on A4."""
    report = opinion_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "opinions/report_print.html",
        {"report": report, "sections": sections(report), "date": report_date(report)},
    )
