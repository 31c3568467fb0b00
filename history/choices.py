from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    """A batch's life: queued → checking → importing → done, or it stops at "validated" (refused
    rows, waiting for the office's choice: import the valid rows, or cancel), or "failed"."""

    QUEUED = "queued", _("排队中")
    CHECKING = "checking", _("正在检查")
    IMPORTING = "importing", _("正在导入")
    VALIDATED = "validated", _("有误，待处理")
    DONE = "done", _("已导入")
    FAILED = "failed", _("导入失败")
    CANCELLED = "cancelled", _("已取消")


# The statuses a task is working in: the page shows a progress bar and polls.
RUNNING = (BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.IMPORTING)
