from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class DutyKind(models.TextChoices):
    MONTH = "month", _("当月负责")
    SLOT = "slot", _("接待时段")


class Slot(models.TextChoices):
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")
    FULL_DAY = "full_day", _("全天")
