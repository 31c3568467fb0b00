"""The office's history import page: download the template, upload a file, watch the task's
progress bar, read the report (and download it), import the valid rows of a file with errors.
The work is in history.services; who may use it is history.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from history import selectors, services
from history.choices import BatchStatus
from history.forms import ImportUploadForm
from history.permissions import can_import_history
from history.spreadsheet import SpreadsheetError, report_xlsx, template_xlsx
from history.validation import choice_help

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The refused rows shown on the page; the downloadable report has every one the batch kept.
REFUSALS_SHOWN = 200


def _require(request):
    if not can_import_history(request.user):
        raise PermissionDenied


@login_required
def import_page(request):
    _require(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(
                data=upload.read(), file_name=upload.name, user=request.user, valid_only=form.cleaned_data["valid_only"]
            )
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("history:batch", pk=batch.pk)
    return render(request, "history/import.html", {"form": form, "batches": selectors.batch_recent_list()})


@login_required
def batch_page(request, pk: int):
    _require(request)
    batch = selectors.batch_get(pk=pk)
    context = {
        "batch": batch,
        "progress": selectors.batch_progress(batch=batch),
        "refusals": batch.refusals[:REFUSALS_SHOWN],
        "refusals_hidden": max(batch.refused_rows - REFUSALS_SHOWN, 0),
        "can_import_valid": batch.status == BatchStatus.VALIDATED and bool(batch.upload_name) and batch.valid_rows > 0,
        "can_cancel": batch.status in (BatchStatus.VALIDATED, BatchStatus.QUEUED),
        "same_file_before": selectors.batch_same_file_before(batch=batch),
    }
    return render(request, "history/batch.html", context)


@login_required
@require_GET
@never_cache
def batch_status(request, pk: int):
    """The progress bar's poll (static/js/history-import.js)."""
    _require(request)
    return JsonResponse(selectors.batch_progress(batch=selectors.batch_get(pk=pk)))


@login_required
@require_GET
def batch_report(request, pk: int):
    _require(request)
    batch = selectors.batch_get(pk=pk)
    response = HttpResponse(report_xlsx(batch.refusals, refused_rows=batch.refused_rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="history-import-{batch.pk}-report.xlsx"'
    return response


@login_required
@require_POST
def batch_import_valid(request, pk: int):
    _require(request)
    try:
        services.batch_import_valid_rows(batch=selectors.batch_get(pk=pk), user=request.user)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
    return redirect("history:batch", pk=pk)


@login_required
@require_POST
def batch_cancel(request, pk: int):
    _require(request)
    try:
        services.batch_cancel(batch=selectors.batch_get(pk=pk))
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("history:batch", pk=pk)
    messages.info(request, _("已取消，上传的文件已删除。"))
    return redirect("history:import")


@login_required
@require_GET
def template_download(request):
    _require(request)
    response = HttpResponse(template_xlsx(choice_help()), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="history-import-template.xlsx"'
    return response
