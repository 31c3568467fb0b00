from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from history import permissions
from history.choices import BatchStatus


class ImportBatch(models.Model):
    """One run of the history import, and the job that does it (a spreadsheet checked, then
    imported or not): who ran it, the file's hash, the progress a task reports (status, rows done
    of total), the counts, and the refused rows (row, column, reason; never a cell's value, so no
    contact data is kept here). A page or API upload is kept as an ImportUpload until the batch
    is imported, cancelled or failed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    # Set while the batch's ImportUpload is kept ("" once deleted, or from the command): what the
    # claims of history.services.jobs test in one UPDATE.
    upload_name = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    valid_only = models.BooleanField(_("仅导入无误的行"), default=False)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    valid_rows = models.PositiveIntegerField(_("无误行数"), default=0)
    refused_rows = models.PositiveIntegerField(_("有误行数"), default=0)
    already_rows = models.PositiveIntegerField(_("已导入过的行数"), default=0)
    imported_rows = models.PositiveIntegerField(_("本次导入行数"), default=0)
    # sha256 of the uploaded file: the page says when the same file was uploaded before.
    file_hash = models.CharField(_("文件摘要"), max_length=64, blank=True, db_index=True)
    # What the task has got through in its current stage (checking, then importing), of total_rows.
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    progress_at = models.DateTimeField(_("进度更新时间"), null=True, blank=True)
    # Why a batch failed, in the office's language (a file that cannot be read, too many rows).
    error = models.TextField(_("失败原因"), blank=True)
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
    # Track 4: the old record's proposal. A row with a title stands for a proposal submitted, and
    # one flagged a livelihood project and closed "solved" for a project carried through
    # (stats.selectors.figures reads both; no Proposal row is made, see history.services).
    proposal_title = models.CharField(max_length=200, blank=True, default="")
    livelihood_project = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("已导入的历史记录")
        verbose_name_plural = _("已导入的历史记录")
        constraints = [models.UniqueConstraint(fields=["key"], name="history_row_key_unique")]

    def __str__(self):
        return self.key


class ImportUpload(models.Model):
    """The file of one page or API upload, encrypted (it holds citizens' contact data in clear),
    kept from the upload until its batch is imported, cancelled or failed. In the database rather
    than on a disk: the web process that takes the upload and the worker that imports it may run
    on different hosts, which share PostgreSQL and nothing else."""

    batch = models.OneToOneField(ImportBatch, on_delete=models.CASCADE, related_name="upload")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("导入文件")
        verbose_name_plural = _("导入文件")

    def __str__(self):
        return str(self.batch_id)
