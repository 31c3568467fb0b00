from django.apps import AppConfig


class StatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stats"
    verbose_name = "统计"

    def ready(self):
        from common.slots import backup_figures
        from stats.selectors import dashboard_to_date

        backup_figures.provide(dashboard_to_date)

        # The history import rebuilds the figure tables of the months it filled (common.registry).
        from history.slots import figures_rebuild
        from stats.services import figures_rebuild_for_dates

        figures_rebuild.provide(figures_rebuild_for_dates)
