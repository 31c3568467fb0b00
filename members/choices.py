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


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


class WeekOfMonth(models.IntegerChoices):
    """Which occurrence of the weekday in the month; "every" is stored as NULL."""

    FIRST = 1, _("第一个")
    SECOND = 2, _("第二个")
    THIRD = 3, _("第三个")
    FOURTH = 4, _("第四个")
    LAST = -1, _("最后一个")


class RosterChangeAction(models.TextChoices):
    GENERATE = "generate", _("自动排班")
    ADD = "add", _("新增值班")
    REMOVE = "remove", _("删除值班")
    MOVE = "move", _("调整值班")
    PUBLISH = "publish", _("发布")
    SWAP = "swap", _("换班")


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    DECLINED = "declined", _("已拒绝")
    CANCELLED = "cancelled", _("已撤回")
