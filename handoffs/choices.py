from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryKind(models.TextChoices):
    CONSULTATION = "consultation", _("咨询")
    ASSIGNMENT = "assignment", _("建议交办")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待投递")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("投递失败")
