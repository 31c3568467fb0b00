"""python manage.py build_monthly_figures [--months N]

Rebuild the figure tables (stats.models.MonthlyFigure for the last N finished months,
DailyFigure for the past days of this month), e.g. after a bulk import. The beat sweep keeps
them current afterwards."""

import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from stats.services import current_month, daily_figures_refresh, monthly_figures_refresh


class Command(BaseCommand):
    help = "Rebuild the monthly statistics table for the last N finished months."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=25)

    def handle(self, *args, months: int, **options):
        started = time.monotonic()
        wanted, month = [], current_month()
        for _ in range(months):
            month = (month - datetime.timedelta(days=1)).replace(day=1)
            wanted.append(month)
        rows = monthly_figures_refresh(months=wanted)
        first = current_month()
        rows += daily_figures_refresh(
            days=[first + datetime.timedelta(days=n) for n in range((timezone.localdate() - first).days)]
        )
        self.stdout.write(
            f"{len(wanted)} months and this month's past days, {rows:,} rows in {time.monotonic() - started:.1f} s"
        )
