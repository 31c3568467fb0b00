from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FORWARDED = "forwarded", _("已报送")


class EventType(models.TextChoices):
    DRAFTED = "drafted", _("撰写")
    EDITED = "edited", _("修改")
    FORWARDED = "forwarded", _("报送上级")
