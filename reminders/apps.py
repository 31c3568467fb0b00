from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("提醒与督办")

    def ready(self):
        from handoffs.slots import delivery_failed_tell
        from reminders.services import delivery_failed_tell as tell

        delivery_failed_tell.provide(tell)
        # Registers the tasks that reminders.services queues by name.
        import reminders.tasks  # noqa: F401
