from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from history import permissions
from history.choices import BatchStatus


class ImportBatch(models.Model):
    """One run of the history import (a spreadsheet checked, then imported or not): who ran it,
    the counts, and the refused rows (row, column, reason; never a cell's value, so no contact
    data is kept here). The uploaded file waits outside MEDIA_ROOT between the check and the
    confirmation and is deleted once the batch is imported or cancelled."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    # The stored upload's name in settings.HISTORY_UPLOAD_DIR ("" once deleted, or from the command).
    upload_name = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.VALIDATED)
    valid_only = models.BooleanField(_("仅导入无误的行"), default=False)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    valid_rows = models.PositiveIntegerField(_("无误行数"), default=0)
    refused_rows = models.PositiveIntegerField(_("有误行数"), default=0)
    already_rows = models.PositiveIntegerField(_("已导入过的行数"), default=0)
    imported_rows = models.PositiveIntegerField(_("本次导入行数"), default=0)
    # [[row number, column, reason], ...] in the office's language.
    refusals = models.JSONField(_("错误明细"), default=list, blank=True)
    seconds = models.FloatField(_("用时（秒）"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("历史数据导入批次")
        verbose_name_plural = _("历史数据导入批次")
        permissions = permissions.PERMISSIONS

    def __str__(self):
        return f"{self.pk} {self.file_name}"


class ImportedRow(models.Model):
    """One spreadsheet row that became a petition: its key (the original number when the file
    gives one, else a hash of workstation, received date and content) is unique, which is what
    makes importing the same file twice change nothing."""

    key = models.CharField(max_length=64)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="rows")
    petition = models.OneToOneField("petitions.Petition", on_delete=models.CASCADE, related_name="imported_row")
    row_number = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("已导入的历史记录")
        verbose_name_plural = _("已导入的历史记录")
        constraints = [models.UniqueConstraint(fields=["key"], name="history_row_key_unique")]

    def __str__(self):
        return self.key
