from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("公共设置")

    def ready(self):
        from common.cache_generations import bump_on_change
        from common.calendar import OVERRIDES_GENERATION
        from common.models import CalendarDay

        bump_on_change(OVERRIDES_GENERATION, CalendarDay)
        # Registers the tasks that common.notifications queues by name.
        import common.tasks  # noqa: F401
