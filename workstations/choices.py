from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("区县级")
    TOWNSHIP = "township", _("乡镇（街道）级")
    COMMUNITY = "community", _("村（社区）级")


class BodyLevel(models.TextChoices):
    """The level of a CPPCC body (政协): a province's, a city's, a county's or district's."""

    PROVINCE = "province", _("省级政协")
    CITY = "city", _("市级政协")
    COUNTY = "county", _("县（区）级政协")
