from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("公共设置")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from common.calendar import overrides_forget
        from common.models import CalendarDay

        post_save.connect(overrides_forget, sender=CalendarDay, dispatch_uid="calendar_overrides_save")
        post_delete.connect(overrides_forget, sender=CalendarDay, dispatch_uid="calendar_overrides_delete")
