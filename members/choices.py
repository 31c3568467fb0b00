from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from common.i18n import StoredTexts


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


# The CPPCC's sectors (界别), named as the national committee names them: a Sector row whose name is
# one of these reads in the reader's language (Sector.label); another name stays as the office wrote it.
SECTOR_NAMES = (
    gettext_noop("中国共产党"),
    gettext_noop("中国国民党革命委员会"),
    gettext_noop("中国民主同盟"),
    gettext_noop("中国民主建国会"),
    gettext_noop("中国民主促进会"),
    gettext_noop("中国农工民主党"),
    gettext_noop("中国致公党"),
    gettext_noop("九三学社"),
    gettext_noop("台湾民主自治同盟"),
    gettext_noop("无党派人士"),
    gettext_noop("中国共产主义青年团"),
    gettext_noop("中华全国总工会"),
    gettext_noop("中华全国妇女联合会"),
    gettext_noop("中华全国青年联合会"),
    gettext_noop("中华全国工商业联合会"),
    gettext_noop("工商联"),
    gettext_noop("中国科学技术协会"),
    gettext_noop("中华全国归国华侨联合会"),
    gettext_noop("文化艺术界"),
    gettext_noop("科学技术界"),
    gettext_noop("社会科学界"),
    gettext_noop("经济界"),
    gettext_noop("农业界"),
    gettext_noop("教育界"),
    gettext_noop("体育界"),
    gettext_noop("新闻出版界"),
    gettext_noop("医药卫生界"),
    gettext_noop("对外友好界"),
    gettext_noop("社会福利和社会保障界"),
    gettext_noop("少数民族界"),
    gettext_noop("宗教界"),
    gettext_noop("特邀人士"),
)


# The templates the roster services write RosterChange.summary with (in the office's language), by
# action, so that a reader in another language reads the line translated (RosterChange.summary_text).
ROSTER_CHANGE_TEXTS = StoredTexts()
ROSTER_CHANGE_TEXTS.add(
    RosterChangeAction.GENERATE, gettext_noop("自动排班：新增 %(added)d 项，未能安排 %(unfilled)d 项")
)
ROSTER_CHANGE_TEXTS.add(RosterChangeAction.ADD, gettext_noop("安排 %(name)s：%(duty)s"))
ROSTER_CHANGE_TEXTS.add(RosterChangeAction.REMOVE, gettext_noop("取消 %(name)s：%(duty)s"))
ROSTER_CHANGE_TEXTS.add(RosterChangeAction.MOVE, gettext_noop("调整 %(before)s → %(name)s %(duty)s"))
ROSTER_CHANGE_TEXTS.add(
    RosterChangeAction.PUBLISH, (gettext_noop("发布%(month)s值班表"), gettext_noop("（确认空缺 %(count)d 处）"))
)
ROSTER_CHANGE_TEXTS.add(
    RosterChangeAction.SWAP,
    gettext_noop("换班：%(duty)s 由%(requester)s改为%(target)s"),
    gettext_noop("换班：%(requester)s（%(duty)s）与%(target)s（%(target_duty)s）互换"),
)
