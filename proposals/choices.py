from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MICRO = "micro", _("微建议")
    PUBLIC_OPINION = "public_opinion", _("社情民意信息")
    MOBILE = "mobile", _("掌上提案")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("审核通过")
    ASSIGNED = "assigned", _("已交办")
    RESULT_REPORTED = "result_reported", _("已反馈")
    CLOSED = "closed", _("已办结")
    # The member gave up a draft or returned proposal; its cases went back to the member.
    WITHDRAWN = "withdrawn", _("已撤回")


class LivelihoodType(models.TextChoices):
    WATER = "water", _("供水")
    POWER = "power", _("供电")
    ROAD = "road", _("道路")
    SEWER = "sewer", _("排污")
    ALLEY = "alley", _("背街小巷")
    OTHER = "other", _("其他")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("会办")


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("待签收")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    CONTESTED = "contested", _("已退单")
    REPORTED = "reported", _("已反馈")
    WITHDRAWN = "withdrawn", _("已撤销")


class ResultGrade(models.TextChoices):
    A = "A", _("A 已解决")
    B = "B", _("B 正在解决或列入计划")
    C = "C", _("C 留作参考，待条件成熟解决")
    D = "D", _("D 留作参考")


class HandlingRating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("未同意")
