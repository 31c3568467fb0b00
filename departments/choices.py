from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("系统对接（Webhook）")
    IN_APP = "in_app", _("仅站内")
