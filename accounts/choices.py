from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    """How a staff member wants to be told of new work (the profile page). Empty: automatic, SMS
    when a phone is known, else e-mail, else in-app only (accounts.selectors.staff_contact)."""

    AUTO = "", _("自动（有手机号时短信，否则电子邮件）")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    INAPP = "inapp", _("仅站内通知")
