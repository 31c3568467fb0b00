"""The office's history import page: download the template, upload a file, read the check's
report, confirm. The work is in history.services; who may use it is history.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from history import selectors, services
from history.choices import BatchStatus
from history.forms import ImportUploadForm
from history.permissions import can_import_history
from history.spreadsheet import SpreadsheetError, template_xlsx
from history.validation import choice_help

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
            batch = services.upload_check(
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
    can_confirm = (
        batch.status == BatchStatus.VALIDATED
        and bool(batch.upload_name)
        and batch.valid_rows > 0
        and (batch.valid_only or not batch.refused_rows)
    )
    return render(request, "history/batch.html", {"batch": batch, "can_confirm": can_confirm})


@login_required
@require_POST
def batch_confirm(request, pk: int):
    _require(request)
    batch = selectors.batch_get(pk=pk)
    try:
        batch = services.upload_import(batch=batch, user=request.user)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已导入 %(n)d 件历史诉求，统计数据已更新。") % {"n": batch.imported_rows})
    return redirect("history:batch", pk=pk)


@login_required
@require_POST
def batch_cancel(request, pk: int):
    _require(request)
    services.upload_cancel(batch=selectors.batch_get(pk=pk))
    messages.info(request, _("已取消，上传的文件已删除。"))
    return redirect("history:import")


@login_required
@require_GET
def template_download(request):
    _require(request)
    response = HttpResponse(template_xlsx(choice_help()), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="history-import-template.xlsx"'
    return response
