from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("区县级")
    TOWNSHIP = "township", _("乡镇（街道）级")
    COMMUNITY = "community", _("村（社区）级")
