from django.apps import AppConfig


class StatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stats"
    verbose_name = "统计"

    def ready(self):
        from common.slots import backup_figures
        from stats.selectors import dashboard_to_date

        backup_figures.provide(dashboard_to_date)
