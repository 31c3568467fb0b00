from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.TextChoices):
    """What a notice is about. An assignment has two deadlines, so two subject types."""

    PETITION = "petition", _("群众诉求")
    CONSULTATION = "consultation", _("部门咨询")
    ASSIGNMENT_ACKNOWLEDGE = "assignment_ack", _("交办签收")
    ASSIGNMENT_HANDLING = "assignment", _("交办办理")
    DELIVERY = "delivery", _("交接投递")
    MEMBER = "member", _("委员")
    DEPARTMENT = "department", _("部门")
    DUTY = "duty", _("值班")


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    ESCALATION_LIAISON = "escalation_liaison", _("逾期督办（联络员）")
    ESCALATION_REVIEWER = "escalation_reviewer", _("逾期督办（审核人员）")
    DELIVERY_FAILED = "delivery_failed", _("投递失败")
    DIGEST = "digest", _("每日摘要")
    DUTY_REMINDER = "duty_reminder", _("值班提醒")
