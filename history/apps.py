from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "history"
    verbose_name = _("历史数据导入")

    def ready(self):
        # Registers the task that history.services.jobs queues by name.
        import history.tasks  # noqa: F401
